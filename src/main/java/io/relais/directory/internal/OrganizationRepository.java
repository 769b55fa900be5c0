package io.relais.directory.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

public interface OrganizationRepository extends Repository<Organization, Long> {
    Organization save(Organization organization);

    Optional<Organization> findById(long id);

    @Query("select o from Organization o order by o.name")
    List<Organization> findAllByName();

    @Query("select o from Organization o where lower(o.name) = lower(:name)")
    Optional<Organization> findByNameIgnoreCase(String name);
}
