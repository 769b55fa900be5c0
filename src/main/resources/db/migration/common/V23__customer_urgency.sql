-- How urgent the customer said a request is for them, when they opened it (the portal, the API): shown to the agent,
-- who sets the ticket's impact and urgency (and so its priority).
alter table ticket add column customer_urgency varchar(8);
