-- What a connection's last successful read found, in words ("Read 12 of 12 tagged tickets from
-- Zendesk; 3 changed."): *Check now* runs on the connector queue, so the admin reads the outcome
-- on the connection rather than in the button's answer.
ALTER TABLE connections ADD COLUMN last_result TEXT;
