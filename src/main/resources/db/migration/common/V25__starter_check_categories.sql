-- The starter guided checks were installed without a category, so the ticket page could not list "those of the
-- ticket's category first" for them. Each gets the desk's top-level category of its name (the categories every desk
-- starts with, in English or French) when it still has none; a desk that renamed them keeps its trees as they are.
update check_tree set category_id = (select min(c.id) from ticket_category c where c.active = true and c.parent_id is null
        and (lower(c.name_en) = 'printing' or lower(c.name_fr) = 'impression'))
    where starter_key = 'printer' and category_id is null;
update check_tree set category_id = (select min(c.id) from ticket_category c where c.active = true and c.parent_id is null
        and (lower(c.name_en) = 'network' or lower(c.name_fr) = 'réseau'))
    where starter_key = 'network' and category_id is null;
update check_tree set category_id = (select min(c.id) from ticket_category c where c.active = true and c.parent_id is null
        and (lower(c.name_en) = 'account & access' or lower(c.name_fr) = 'comptes et accès'))
    where starter_key = 'login' and category_id is null;
update check_tree set category_id = (select min(c.id) from ticket_category c where c.active = true and c.parent_id is null
        and (lower(c.name_en) = 'software / application' or lower(c.name_fr) = 'logiciel / application'))
    where starter_key = 'app-update' and category_id is null;
