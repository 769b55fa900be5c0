package io.relais.mail.internal;

import io.relais.directory.AddressHealth;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The addresses a bounce flagged ({@code mail_address_flag}, written by the intake), for contact and ticket screens. */
@Component
class BouncedAddresses implements AddressHealth {
    private final JdbcClient jdbc;

    BouncedAddresses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, Bounce> bounces(Collection<String> addresses) {
        var wanted = addresses.stream().filter(Objects::nonNull).map(a -> a.trim().toLowerCase(Locale.ROOT))
                .filter(a -> !a.isEmpty()).distinct().toList();
        var found = new LinkedHashMap<String, Bounce>();
        if (wanted.isEmpty()) {
            return found;
        }
        jdbc.sql("select address, reason, bounces, last_bounce_at from mail_address_flag where address in (:addresses)")
                .param("addresses", wanted)
                .query((rs, i) -> new Bounce(rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant()))
                .list()
                .forEach(b -> found.put(b.address(), b));
        return found;
    }

    @Override
    @Transactional
    public boolean clear(String address) {
        return address != null
                && jdbc.sql("delete from mail_address_flag where address = ?").param(address.trim().toLowerCase(Locale.ROOT)).update() > 0;
    }
}
