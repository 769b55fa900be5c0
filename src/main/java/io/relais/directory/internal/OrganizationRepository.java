package io.relais.directory.internal;

import io.relais.common.Letters;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

public interface OrganizationRepository extends Repository<Organization, Long> {
    Organization save(Organization organization);

    Optional<Organization> findById(long id);

    @Query("select o from Organization o order by o.name")
    List<Organization> findAllByName();

    /** The case is folded here, not by the database: H2's {@code lower} is the JDK's, quadratic on some letters. */
    default Optional<Organization> findByNameIgnoreCase(String name) {
        return findByLowerCaseName(Letters.lower(name));
    }

    @Query("select o from Organization o where lower(o.name) = :lowerCaseName")
    Optional<Organization> findByLowerCaseName(String lowerCaseName);
}
