package io.relais.directory.internal;

import io.relais.common.SearchAnalysis;
import io.relais.directory.PhoneNumbers;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.search.engine.backend.types.Projectable;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.FullTextField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.Indexed;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.KeywordField;

@Entity
@Table(name = "organization")
@Indexed(index = "organization")
public class Organization {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @FullTextField(
            analyzer = SearchAnalysis.WORDS,
            projectable = Projectable.YES)
    private String name;
    @FullTextField(analyzer = SearchAnalysis.WORDS)
    private String domains = "";
    @Column(name = "contract_ref")
    @KeywordField(
            normalizer = SearchAnalysis.FOLDED)
    private String contractRef;
    @Column(name = "time_zone")
    private String timeZone;
    private String language;
    /** ISO 3166 alpha-2: the region its people's numbers are read in; null on rows older than the column. */
    private String country;
    private boolean active = true;
    @Column(name = "created_at")
    private Instant createdAt;

    protected Organization() {}

    public Organization(String name, String domains, String contractRef, String timeZone, String language, String country,
                        Instant now) {
        update(name, domains, contractRef, timeZone, language, country);
        this.createdAt = now;
    }

    public void update(String name, String domains, String contractRef, String timeZone, String language, String country) {
        this.name = name;
        this.domains = domains;
        this.contractRef = contractRef;
        this.timeZone = timeZone;
        this.language = language;
        this.country = country != null ? country : PhoneNumbers.countryOf(timeZone, language);
    }

    /** Stores the derived country on a row older than the column (PhoneBackfill). */
    void settleCountry() {
        country = country();
    }

    public Long id() { return id; }
    public String name() { return name; }
    public String domains() { return domains; }
    public String contractRef() { return contractRef; }
    public String timeZone() { return timeZone; }
    public String language() { return language; }
    public String country() { return country != null ? country : PhoneNumbers.countryOf(timeZone, language); }
    public boolean active() { return active; }
}
