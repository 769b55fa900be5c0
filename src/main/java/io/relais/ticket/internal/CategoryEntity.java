package io.relais.ticket.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "ticket_category")
public class CategoryEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "parent_id")
    private Long parentId;
    @Column(name = "name_en")
    private String nameEn;
    @Column(name = "name_fr")
    private String nameFr;
    private int position;
    private boolean active = true;

    protected CategoryEntity() {}

    public CategoryEntity(Long parentId, String nameEn, String nameFr, int position) {
        update(parentId, nameEn, nameFr, position, true);
    }

    public void update(Long parentId, String nameEn, String nameFr, int position, boolean active) {
        this.parentId = parentId;
        this.nameEn = nameEn;
        this.nameFr = nameFr;
        this.position = position;
        this.active = active;
    }

    public Long id() { return id; }
    public Long parentId() { return parentId; }
    public String nameEn() { return nameEn; }
    public String nameFr() { return nameFr; }
    public int position() { return position; }
    public boolean active() { return active; }
}
