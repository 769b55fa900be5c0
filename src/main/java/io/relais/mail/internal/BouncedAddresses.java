package io.relais.mail.internal;

import io.relais.common.Letters;
import io.relais.directory.AddressHealth;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The addresses our mail bounced from ({@code mail_address_flag}): flagged by the intake when a bounce comes back,
 * read before automatic mail is sent and by contact and ticket screens, cleared by an administrator.
 */
@Component
class BouncedAddresses implements AddressHealth {
    private final JdbcClient jdbc;
    private final Clock clock;

    BouncedAddresses(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records one more bounce of {@code address} (lower case), with the report's text as the reason. */
    void flag(String address, String reason) {
        var why = reason == null ? "bounced" : reason;
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        var n = jdbc.sql("update mail_address_flag set bounces = bounces + 1, reason = ?, last_bounce_at = ? where address = ?")
                .params(why, now, address).update();
        if (n == 0) {
            jdbc.sql("insert into mail_address_flag (address, reason, bounces, last_bounce_at) values (?, ?, 1, ?)")
                    .params(address, why, now).update();
        }
    }

    /** Whether mail to {@code address} bounced (and nobody cleared it since). */
    boolean flagged(String address) {
        return jdbc.sql("select count(*) from mail_address_flag where address = ?").param(Letters.lower(address))
                .query(Long.class).single() > 0;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, Bounce> bounces(Collection<String> addresses) {
        var wanted = addresses.stream().filter(Objects::nonNull).map(a -> Letters.lower(a.trim()))
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
                && jdbc.sql("delete from mail_address_flag where address = ?").param(Letters.lower(address.trim())).update() > 0;
    }
}
