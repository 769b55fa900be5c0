package io.relais.mail.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

public interface MailboxRepository extends Repository<Mailbox, Long> {
    Mailbox save(Mailbox mailbox);

    Optional<Mailbox> findById(long id);

    Optional<Mailbox> findByAddress(String address);

    @Query("select m from Mailbox m order by m.name, m.id")
    List<Mailbox> findAllByName();
}
