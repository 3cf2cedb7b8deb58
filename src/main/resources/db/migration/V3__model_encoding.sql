-- How raw instances become model inputs (the dataset's schema at training time), kept with the model so that
-- predictions work the same even after the dataset is deleted.
ALTER TABLE job_model ADD COLUMN encoding_json VARCHAR(1000000);
