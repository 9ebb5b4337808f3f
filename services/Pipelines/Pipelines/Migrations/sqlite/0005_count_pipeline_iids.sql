-- One counter row per project: the next iid is taken by an upsert that locks the project's row until the creating
-- transaction ends, so pipelines created at once (competing consumers) never collide on (project_id, iid).
CREATE TABLE pipeline_iids (
    project_id  bigint NOT NULL PRIMARY KEY,
    last_iid    bigint NOT NULL
);

INSERT INTO pipeline_iids (project_id, last_iid)
SELECT project_id, MAX(iid) FROM pipelines GROUP BY project_id;
