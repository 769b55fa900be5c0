package io.relais.directory.internal;

import io.relais.common.Letters;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

public interface AgentRepository extends Repository<Agent, Long> {
    Agent save(Agent agent);

    Optional<Agent> findById(long id);

    /** The case is folded here, not by the database: H2's {@code lower} is the JDK's, quadratic on some letters. */
    default Optional<Agent> findByEmailIgnoreCase(String email) {
        return findByLowerCaseEmail(Letters.lower(email));
    }

    @Query("select a from Agent a where lower(a.email) = :lowerCaseEmail")
    Optional<Agent> findByLowerCaseEmail(String lowerCaseEmail);

    @Query("select a from Agent a order by a.name")
    List<Agent> findAllByName();
}
