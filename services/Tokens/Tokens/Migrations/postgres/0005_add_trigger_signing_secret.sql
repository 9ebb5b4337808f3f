-- A trigger token may require signed deliveries (GitHub's X-Hub-Signature-256 or Standard Webhooks); the secret is encrypted.
ALTER TABLE trigger_tokens ADD COLUMN signing_secret_ciphertext bytea;
