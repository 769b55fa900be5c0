package io.relais.directory.internal;

import io.relais.common.Letters;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.KeywordField;

/** Another e-mail address or phone number of a contact; {@code normalized} is what lookups compare. */
@Embeddable
public class ContactAddress {
    public enum Kind { EMAIL, PHONE }

    @Column(name = "kind")
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    private Kind kind;
    @Column(name = "address")
    private String address;
    @Column(name = "normalized")
    @KeywordField
    private String normalized;

    protected ContactAddress() {}

    public ContactAddress(Kind kind, String address) {
        this.kind = kind;
        this.address = address.trim();
        this.normalized = kind == Kind.EMAIL ? Letters.lower(this.address) : Contact.digits(this.address);
    }

    /** The same number keyed in E.164 read in {@code region} (what look-ups compare). */
    ContactAddress readIn(String region) {
        var copy = new ContactAddress(kind, address);
        copy.normalized = io.relais.directory.PhoneNumbers.key(address, region);
        return copy;
    }

    public Kind kind() { return kind; }
    public String address() { return address; }
    public String normalized() { return normalized; }
}
