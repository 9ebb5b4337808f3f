-- GitLab 18's ci_pipeline_variables_minimum_override_role; WvsMesh's default is developer (see the reference's differences).
ALTER TABLE projects ADD COLUMN pipeline_variables_role text NOT NULL DEFAULT 'developer';
