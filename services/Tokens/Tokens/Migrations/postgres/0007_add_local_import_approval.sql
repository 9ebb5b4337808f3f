-- #13: a local path or file:// import_url is an admin's to give. Existing projects keep theirs only when an admin created them.
ALTER TABLE projects ADD COLUMN local_import_approved boolean NOT NULL DEFAULT false;
UPDATE projects SET local_import_approved = true
WHERE creator_id IN (SELECT id FROM users WHERE is_admin)
  AND (import_url LIKE '/%' OR import_url LIKE '.%' OR import_url LIKE 'file:%');
