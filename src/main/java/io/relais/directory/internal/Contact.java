package io.relais.directory.internal;

import io.relais.common.SearchAnalysis;
import io.relais.directory.PhoneNumbers;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.search.engine.backend.types.Projectable;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.FullTextField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.GenericField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.Indexed;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.IndexedEmbedded;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.KeywordField;

@Entity
@Table(name = "contact")
@Indexed(index = "contact")
public class Contact {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "organization_id")
    @GenericField(projectable = Projectable.YES)
    private long organizationId;
    @FullTextField(analyzer = SearchAnalysis.WORDS, projectable = Projectable.YES)
    private String name;
    @KeywordField(normalizer = SearchAnalysis.FOLDED, projectable = Projectable.YES)
    private String email;
    @KeywordField(projectable = Projectable.YES)
    private String phone;
    /** What look-ups compare: the E.164 digits of {@link #phone} read in {@link #phoneRegion}, else its digits. */
    @Column(name = "phone_digits")
    @KeywordField
    private String phoneDigits;
    /** The region the numbers were read in (null: not yet, see PhoneBackfill). */
    @Column(name = "phone_region")
    private String phoneRegion;
    private String language;
    private boolean vip;
    @Column(name = "org_manager")
    private boolean orgManager;
    @Column(name = "created_at")
    private Instant createdAt;
    @ElementCollection
    @CollectionTable(name = "contact_address", joinColumns = @JoinColumn(name = "contact_id"))
    @IndexedEmbedded(includePaths = "normalized")
    private List<ContactAddress> addresses = new ArrayList<>();

    protected Contact() {}

    public Contact(long organizationId, String name, String email, String phone, String language, boolean vip,
                   boolean orgManager, Instant now) {
        this.organizationId = organizationId;
        update(name, email, phone, language, vip, orgManager);
        this.createdAt = now;
    }

    public void update(String name, String email, String phone, String language, boolean vip, boolean orgManager) {
        this.name = name;
        this.email = email;
        this.phone = phone;
        this.phoneDigits = digits(phone);
        this.language = language;
        this.vip = vip;
        this.orgManager = orgManager;
    }

    /** Digits only: what a number that cannot be read is still found by. */
    public static String digits(String phone) {
        return PhoneNumbers.digits(phone);
    }

    /**
     * Replaces the other addresses and numbers (the primary ones are {@link #email()} and {@link #phone()}), and keys
     * every number, the primary one too, in E.164 read in {@code region} (the organization's country).
     */
    public void setOtherAddresses(List<String> emails, List<String> phones, String region) {
        addresses.clear();
        emails.forEach(e -> addresses.add(new ContactAddress(ContactAddress.Kind.EMAIL, e)));
        phones.forEach(p -> addresses.add(new ContactAddress(ContactAddress.Kind.PHONE, p)));
        readPhonesIn(region);
    }

    /** Keys the numbers in E.164 read in {@code region}; what was typed stays as it was, for display. */
    public void readPhonesIn(String region) {
        phoneDigits = PhoneNumbers.key(phone, region);
        addresses.replaceAll(a -> a.kind() == ContactAddress.Kind.PHONE ? a.readIn(region) : a);
        phoneRegion = region;
    }

    public List<String> otherEmails() {
        return addresses.stream().filter(a -> a.kind() == ContactAddress.Kind.EMAIL).map(ContactAddress::address).toList();
    }

    public List<String> otherPhones() {
        return addresses.stream().filter(a -> a.kind() == ContactAddress.Kind.PHONE).map(ContactAddress::address).toList();
    }

    public Long id() { return id; }
    public long organizationId() { return organizationId; }
    public String name() { return name; }
    public String email() { return email; }
    public String phone() { return phone; }
    public String language() { return language; }
    public boolean vip() { return vip; }
    public boolean orgManager() { return orgManager; }
}
