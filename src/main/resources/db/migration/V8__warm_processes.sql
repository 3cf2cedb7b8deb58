-- How many warm training processes (engine loaded, waiting for a job) each node had at its last heartbeat.
ALTER TABLE worker_node ADD COLUMN warm_processes INTEGER DEFAULT 0 NOT NULL;
