package io.relais.knowledge.internal;

import io.relais.common.Letters;
import io.relais.common.SearchAnalysis;
import io.relais.knowledge.KbRecords.Kind;
import io.relais.knowledge.KbRecords.Visibility;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hibernate.search.engine.backend.types.Highlightable;
import org.hibernate.search.engine.backend.types.Projectable;
import org.hibernate.search.engine.backend.types.Sortable;
import org.hibernate.search.mapper.pojo.automaticindexing.ReindexOnUpdate;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.FullTextField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.GenericField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.Indexed;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.IndexingDependency;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.KeywordField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.ObjectPath;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.PropertyValue;

/**
 * A knowledge article or procedure in one language. The row holds the current version; every save also
 * writes the whole version to {@code kb_version}. Indexed for search with the same analyzers as tickets.
 */
@Entity
@Table(name = "kb_article")
@Indexed(index = "kb")
public class KbArticle {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "family_id")
    private Long familyId;
    @KeywordField(projectable = Projectable.YES)
    private String language;
    @Enumerated(EnumType.STRING)
    @KeywordField(projectable = Projectable.YES)
    private Kind kind;
    @Column(name = "category_id")
    @GenericField
    private Long categoryId;
    @FullTextField(name = "title", analyzer = SearchAnalysis.WORDS, projectable = Projectable.YES)
    @FullTextField(name = "title_fr", analyzer = SearchAnalysis.FRENCH, highlightable = Highlightable.UNIFIED)
    @FullTextField(name = "title_en", analyzer = SearchAnalysis.ENGLISH, highlightable = Highlightable.UNIFIED)
    private String title;
    private String body;
    private String tags = "";
    @Enumerated(EnumType.STRING)
    @KeywordField(projectable = Projectable.YES)
    private Visibility visibility;
    @GenericField(projectable = Projectable.YES)
    private boolean restricted;
    @GenericField(projectable = Projectable.YES)
    private boolean archived;
    private int version;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "created_by")
    private String createdBy;
    @Column(name = "updated_at")
    @GenericField(projectable = Projectable.YES, sortable = Sortable.YES)
    private Instant updatedAt;
    @Column(name = "updated_by")
    private String updatedBy;
    @Column(name = "helped_count")
    @GenericField(projectable = Projectable.YES, sortable = Sortable.YES)
    private int helpedCount;
    @Column(name = "outdated_count")
    @GenericField(projectable = Projectable.YES, sortable = Sortable.YES)
    private int outdatedCount;
    @Column(name = "used_count")
    @GenericField(projectable = Projectable.YES, sortable = Sortable.YES)
    private int usedCount;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "kb_article_org", joinColumns = @JoinColumn(name = "article_id"))
    @Column(name = "organization_id")
    @GenericField(name = "organizationId")
    private Set<Long> organizationIds = new TreeSet<>();

    protected KbArticle() {}

    KbArticle(String language, Kind kind, Instant now, String author) {
        this.language = language;
        this.kind = kind;
        this.createdAt = now;
        this.createdBy = author;
        this.updatedAt = now;
        this.updatedBy = author;
        this.version = 0;
    }

    /** Writes the content of a new version; returns its number. */
    public int write(Kind kind, Long categoryId, String title, String body, String tags, Visibility visibility, Set<Long> organizations,
              Instant now, String author) {
        this.kind = kind;
        this.categoryId = categoryId;
        this.title = title;
        this.body = body;
        this.tags = tags;
        this.visibility = visibility;
        this.organizationIds.clear();
        this.organizationIds.addAll(organizations);
        this.restricted = !organizations.isEmpty();
        this.updatedAt = now;
        this.updatedBy = author;
        return ++version;
    }

    void joinFamily(long familyId) {
        this.familyId = familyId;
    }

    public void archive(boolean archived) {
        this.archived = archived;
    }

    void counts(int helped, int outdated, int used) {
        this.helpedCount = helped;
        this.outdatedCount = outdated;
        this.usedCount = used;
    }

    /** The text a reader sees (Markdown marks removed), searched in three forms and highlighted. */
    @FullTextField(name = "body", analyzer = SearchAnalysis.WORDS)
    @FullTextField(name = "body_fr", analyzer = SearchAnalysis.FRENCH, highlightable = Highlightable.UNIFIED)
    @FullTextField(name = "body_en", analyzer = SearchAnalysis.ENGLISH, highlightable = Highlightable.UNIFIED)
    @IndexingDependency(derivedFrom = @ObjectPath(@PropertyValue(propertyName = "body")))
    public String getPlainText() {
        return KbMarkdown.plainText(body);
    }

    @KeywordField(name = "tag", normalizer = SearchAnalysis.FOLDED)
    @IndexingDependency(derivedFrom = @ObjectPath(@PropertyValue(propertyName = "tags")))
    public List<String> getTagList() {
        return tagList(tags);
    }

    static List<String> tagList(String tags) {
        if (tags == null || tags.isBlank()) {
            return List.of();
        }
        var out = new LinkedHashSet<String>();
        Arrays.stream(tags.split("[,;]")).map(String::strip).filter(t -> !t.isEmpty())
                .map(t -> t.length() > 60 ? t.substring(0, 60) : t).forEach(out::add);
        return List.copyOf(out);
    }

    public Long getId() {
        return id;
    }

    public Long getFamilyId() {
        return familyId;
    }

    public String getLanguage() {
        return language;
    }

    public Kind getKind() {
        return kind;
    }

    public Long getCategoryId() {
        return categoryId;
    }

    public String getTitle() {
        return title;
    }

    public String getBody() {
        return body;
    }

    public String getTags() {
        return tags;
    }

    public Visibility getVisibility() {
        return visibility;
    }

    public boolean isArchived() {
        return archived;
    }

    public int getVersion() {
        return version;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public String getUpdatedBy() {
        return updatedBy;
    }

    public int getHelpedCount() {
        return helpedCount;
    }

    public int getOutdatedCount() {
        return outdatedCount;
    }

    public int getUsedCount() {
        return usedCount;
    }

    public Set<Long> getOrganizationIds() {
        return organizationIds;
    }

    @Override
    public String toString() {
        return "KbArticle[" + id + ", " + Letters.upper(language) + "]";
    }
}
