package io.relais.directory.internal;

import io.relais.directory.DirectoryEvents;
import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives organizations older than the country column their country, and keys the numbers of contacts written before
 * numbers were stored in E.164, at start-up, in batches. Idempotent: a contact is done once its {@code phone_region}
 * is set, so a later start (or a second node) finds nothing left. A start-up job rather than a Flyway Java migration
 * because it goes through the entities, so the contact index follows, and the parsing stays in one place.
 */
@Component
class PhoneBackfill {
    private static final Logger log = LoggerFactory.getLogger(PhoneBackfill.class);
    private static final int BATCH = 500;

    private final EntityManager em;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    PhoneBackfill(EntityManager em, TransactionTemplate tx, ApplicationEventPublisher events) {
        this.em = em;
        this.tx = tx;
        this.events = events;
    }

    @EventListener(ApplicationReadyEvent.class)
    void run() {
        var countries = tx.execute(s -> {
            var byOrganization = new HashMap<Long, String>();
            for (var o : em.createQuery("select o from Organization o", Organization.class).getResultList()) {
                o.settleCountry();
                byOrganization.put(o.id(), o.country());
            }
            return byOrganization;
        });
        long after = 0;
        int done = 0;
        while (true) {
            var from = after;
            List<Contact> batch = tx.execute(s -> {
                var contacts = em.createQuery("select c from Contact c where c.id > :after and c.phoneRegion is null"
                        + " and (c.phone is not null or exists (select 1 from c.addresses a"
                        + " where a.kind = io.relais.directory.internal.ContactAddress.Kind.PHONE)) order by c.id", Contact.class)
                        .setParameter("after", from).setMaxResults(BATCH).getResultList();
                contacts.forEach(c -> c.readPhonesIn(countries.get(c.organizationId())));
                return contacts;
            });
            if (batch.isEmpty()) {
                break;
            }
            done += batch.size();
            after = batch.get(batch.size() - 1).id();
        }
        if (done > 0) {
            log.info("Phone numbers of {} contacts keyed in E.164; their tickets' search documents are being rewritten", done);
            events.publishEvent(new DirectoryEvents.PhonesRekeyed());
        }
    }
}
