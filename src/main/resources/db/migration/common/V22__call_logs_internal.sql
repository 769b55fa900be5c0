-- Call logs are for the team: the numbers, durations and summaries of calls logged so far are hidden from customers
-- (an agent shares a call with the customer when logging it from now on).
update article set internal = true where kind = 'CALL';
