package io.relais.directory.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

public interface AgentRepository extends Repository<Agent, Long> {
    Agent save(Agent agent);

    Optional<Agent> findById(long id);

    @Query("select a from Agent a where lower(a.email) = lower(:email)")
    Optional<Agent> findByEmailIgnoreCase(String email);

    @Query("select a from Agent a order by a.name")
    List<Agent> findAllByName();
}
