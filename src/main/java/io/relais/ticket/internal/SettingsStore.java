package io.relais.ticket.internal;

import io.relais.ticket.TicketEnums.Impact;
import io.relais.ticket.TicketEnums.Priority;
import io.relais.ticket.TicketEnums.Urgency;
import jakarta.persistence.EntityManager;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Categories and the impact x urgency priority matrix (configuration, not tenant data). */
@Component
public class SettingsStore {
    private final EntityManager em;
    private final JdbcClient jdbc;

    SettingsStore(EntityManager em, JdbcClient jdbc) {
        this.em = em;
        this.jdbc = jdbc;
    }

    public List<CategoryEntity> categories() {
        return em.createQuery("select c from CategoryEntity c order by c.position, c.id", CategoryEntity.class).getResultList();
    }

    public Optional<CategoryEntity> category(long id) {
        return Optional.ofNullable(em.find(CategoryEntity.class, id));
    }

    public CategoryEntity save(CategoryEntity c) {
        if (c.id() == null) {
            em.persist(c);
            return c;
        }
        return em.merge(c);
    }

    public Priority priority(Impact impact, Urgency urgency) {
        return jdbc.sql("select priority from priority_matrix where impact = :i and urgency = :u")
                .param("i", impact.name()).param("u", urgency.name())
                .query(String.class).optional().map(Priority::valueOf).orElse(Priority.P3);
    }

    public Map<Impact, Map<Urgency, Priority>> matrix() {
        var m = new EnumMap<Impact, Map<Urgency, Priority>>(Impact.class);
        jdbc.sql("select impact, urgency, priority from priority_matrix").query((rs, n) -> {
            m.computeIfAbsent(Impact.valueOf(rs.getString(1)), k -> new EnumMap<>(Urgency.class))
                    .put(Urgency.valueOf(rs.getString(2)), Priority.valueOf(rs.getString(3)));
            return null;
        }).list();
        return m;
    }

    public void setPriority(Impact impact, Urgency urgency, Priority priority) {
        var updated = jdbc.sql("update priority_matrix set priority = :p where impact = :i and urgency = :u")
                .param("p", priority.name()).param("i", impact.name()).param("u", urgency.name()).update();
        if (updated == 0) {
            jdbc.sql("insert into priority_matrix (impact, urgency, priority) values (:i, :u, :p)")
                    .param("p", priority.name()).param("i", impact.name()).param("u", urgency.name()).update();
        }
    }
}
