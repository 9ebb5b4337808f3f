-- #13: a local path or file:// import_url is an admin's to give. Existing projects keep theirs only when an admin created them.
ALTER TABLE projects ADD COLUMN local_import_approved integer NOT NULL DEFAULT 0;
UPDATE projects SET local_import_approved = 1
WHERE creator_id IN (SELECT id FROM users WHERE is_admin = 1)
  AND (import_url LIKE '/%' OR import_url LIKE '.%' OR import_url LIKE 'file:%');
