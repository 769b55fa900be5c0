package io.relais.directory.internal;

import io.relais.common.Letters;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

public interface AgentGroupRepository extends Repository<AgentGroup, Long> {
    AgentGroup save(AgentGroup group);

    Optional<AgentGroup> findById(long id);

    @Query("select distinct g from AgentGroup g left join fetch g.organizationIds left join fetch g.memberIds order by g.name")
    List<AgentGroup> findAllByName();

    @Query("select g from AgentGroup g join g.memberIds m where m = :agentId order by g.name")
    List<AgentGroup> findByMember(long agentId);

    /** The case is folded here, not by the database: H2's {@code lower} is the JDK's, quadratic on some letters. */
    default Optional<AgentGroup> findByNameIgnoreCase(String name) {
        return findByLowerCaseName(Letters.lower(name));
    }

    @Query("select g from AgentGroup g where lower(g.name) = :lowerCaseName")
    Optional<AgentGroup> findByLowerCaseName(String lowerCaseName);
}
