-- Run once by the postgres image on an empty data volume (/docker-entrypoint-initdb.d): one database per service.
CREATE DATABASE wvs_tokens;
CREATE DATABASE wvs_pipelines;
CREATE DATABASE wvs_webhooks;
