-- One row that the server rewrites to test, after a failure, that the store commits
-- again (see StoreRecovery): a read alone succeeds on a disk that is still full.
CREATE TABLE store_probe (id INT PRIMARY KEY, checked_at BIGINT NOT NULL);
INSERT INTO store_probe (id, checked_at) VALUES (1, 0);
