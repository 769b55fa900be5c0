package io.relais.mail.internal;

import io.relais.common.Letters;
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

    /** The mailbox of this address, in any case (an exact match first, from the index). */
    default Optional<Mailbox> byAddress(String address) {
        var lower = Letters.lower(address.strip());
        return findByAddress(lower).or(() -> findAllByName().stream()
                .filter(m -> m.address() != null && m.address().equalsIgnoreCase(lower)).findFirst());
    }

    /** The mailbox named by its id (digits) or by its address. */
    default Optional<Mailbox> byIdOrAddress(String idOrAddress) {
        var name = idOrAddress == null ? "" : idOrAddress.strip();
        return name.matches("\\d{1,18}") ? findById(Long.parseLong(name)) : byAddress(name);
    }
}
