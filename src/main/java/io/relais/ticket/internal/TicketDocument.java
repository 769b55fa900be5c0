package io.relais.ticket.internal;

import io.relais.common.SearchAnalysis;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.search.engine.backend.document.DocumentElement;
import org.hibernate.search.engine.backend.document.IndexFieldReference;
import org.hibernate.search.engine.backend.document.model.dsl.IndexSchemaElement;
import org.hibernate.search.engine.backend.types.Aggregable;
import org.hibernate.search.engine.backend.types.Highlightable;
import org.hibernate.search.engine.backend.types.Projectable;
import org.hibernate.search.engine.backend.types.TermVector;
import org.hibernate.search.engine.backend.types.Searchable;
import org.hibernate.search.engine.backend.types.Sortable;
import org.hibernate.search.mapper.orm.HibernateOrmExtension;
import org.hibernate.search.mapper.pojo.bridge.TypeBridge;
import org.hibernate.search.mapper.pojo.bridge.binding.TypeBindingContext;
import org.hibernate.search.mapper.pojo.bridge.mapping.programmatic.TypeBinder;
import org.hibernate.search.mapper.pojo.bridge.runtime.TypeBridgeWriteContext;

/**
 * The search document of a ticket: what it says (subject, description, the customer-visible messages, and
 * apart the internal notes, which customers never search), who it is for (requester, organization) and
 * what filters and facets need. Field names are the contract with the search module ({@code TicketFields}).
 * The messages and parties are read in the indexing transaction through its own connection, so a message
 * added in that transaction is in the document it writes.
 */
public class TicketDocument implements TypeBinder {
    /** Enough of a long conversation to find it; the rest of it would only slow indexing. */
    static final int MAX_TEXT = 100_000;

    @Override
    public void bind(TypeBindingContext context) {
        // Messages are read by the bridge: every change to the conversation touches updatedAt, which rewrites the
        // document (TicketIndexing also asks for it explicitly when a message is added).
        context.dependencies().use("number").use("subject").use("description").use("status").use("priority")
                .use("channel").use("tags").use("organizationId").use("requesterId").use("categoryId").use("groupId")
                .use("assigneeId").use("createdAt").use("updatedAt");
        context.bridge(Ticket.class, new Bridge(context.indexSchemaElement()));
    }

    /**
     * A text indexed in French (stored with term vectors when {@code highlighted}: hits show it highlighted), in English
     * (searched, never shown) and as folded words without stemming (ranks exact words first; stored only when {@code shown}).
     */
    record Text(IndexFieldReference<String> fr, IndexFieldReference<String> en, IndexFieldReference<String> words) {
        static Text of(IndexSchemaElement schema, String name, boolean multi, boolean shown, boolean highlighted) {
            // Term vectors with offsets let the highlighter read where the words are instead of analysing each hit's text
            // again (two thirds of a full-text search's time went there, measured with JFR at 100k tickets).
            var fr = schema.field(name + "_fr", f -> highlighted
                    ? f.asString().analyzer(SearchAnalysis.FRENCH).projectable(Projectable.YES)
                            .highlightable(List.of(Highlightable.UNIFIED)).termVector(TermVector.WITH_POSITIONS_OFFSETS)
                    : f.asString().analyzer(SearchAnalysis.FRENCH));
            var en = schema.field(name + "_en", f -> f.asString().analyzer(SearchAnalysis.ENGLISH));
            var words = schema.field(name, f -> f.asString().analyzer(SearchAnalysis.WORDS)
                    .projectable(shown ? Projectable.YES : Projectable.NO));
            if (multi) {
                fr.multiValued();
                en.multiValued();
                words.multiValued();
            }
            return new Text(fr.toReference(), en.toReference(), words.toReference());
        }

        void write(DocumentElement target, String value) {
            if (value != null && !value.isBlank()) {
                target.addValue(fr, value);
                target.addValue(en, value);
                target.addValue(words, value);
            }
        }
    }

    static final class Bridge implements TypeBridge<Ticket> {
        private final IndexFieldReference<Long> number;
        private final Text subject;
        private final Text text;
        private final Text notes;
        private final Text requester;
        private final Text organization;
        private final IndexFieldReference<String> requesterEmail;
        private final IndexFieldReference<String> requesterPhone;
        private final IndexFieldReference<String> status;
        private final IndexFieldReference<String> priority;
        private final IndexFieldReference<String> channel;
        private final IndexFieldReference<String> tags;
        private final IndexFieldReference<Long> organizationId;
        private final IndexFieldReference<Long> requesterId;
        private final IndexFieldReference<Long> categoryId;
        private final IndexFieldReference<Long> groupId;
        private final IndexFieldReference<Long> assigneeId;
        private final IndexFieldReference<Instant> createdAt;
        private final IndexFieldReference<Instant> updatedAt;

        Bridge(IndexSchemaElement schema) {
            number = schema.field("number", f -> f.asLong().projectable(Projectable.YES).sortable(Sortable.YES)).toReference();
            subject = Text.of(schema, "subject", false, true, true);
            text = Text.of(schema, "text", true, false, true);
            notes = Text.of(schema, "notes", true, false, true);
            requester = Text.of(schema, "requester", false, false, false);
            organization = Text.of(schema, "organization", false, false, false);
            requesterEmail = schema.field("requesterEmail", f -> f.asString().normalizer(SearchAnalysis.FOLDED)).toReference();
            requesterPhone = schema.field("requesterPhone", f -> f.asString()).toReference();
            status = keyword(schema, "status");
            priority = keyword(schema, "priority");
            channel = keyword(schema, "channel");
            tags = schema.field("tags", f -> f.asString().normalizer(SearchAnalysis.FOLDED).aggregable(Aggregable.YES))
                    .multiValued().toReference();
            organizationId = id(schema, "organizationId");
            requesterId = id(schema, "requesterId");
            categoryId = id(schema, "categoryId");
            groupId = id(schema, "groupId");
            assigneeId = id(schema, "assigneeId");
            createdAt = schema.field("createdAt", f -> f.asInstant().sortable(Sortable.YES).aggregable(Aggregable.YES)
                    .projectable(Projectable.YES)).toReference();
            updatedAt = schema.field("updatedAt", f -> f.asInstant().sortable(Sortable.YES).projectable(Projectable.YES)).toReference();
        }

        private static IndexFieldReference<String> keyword(IndexSchemaElement schema, String name) {
            return schema.field(name, f -> f.asString().aggregable(Aggregable.YES).projectable(Projectable.YES)).toReference();
        }

        private static IndexFieldReference<Long> id(IndexSchemaElement schema, String name) {
            return schema.field(name, f -> f.asLong().aggregable(Aggregable.YES).projectable(Projectable.YES)
                    .searchable(Searchable.YES)).toReference();
        }

        @Override
        public void write(DocumentElement target, Ticket ticket, TypeBridgeWriteContext context) {
            target.addValue(number, ticket.number());
            subject.write(target, ticket.subject());
            target.addValue(status, ticket.status().name());
            target.addValue(priority, ticket.priority().name());
            target.addValue(channel, ticket.channel().name());
            ticket.tags().forEach(t -> target.addValue(tags, t));
            target.addValue(organizationId, ticket.organizationId());
            target.addValue(requesterId, ticket.requesterId());
            target.addValue(categoryId, ticket.categoryId());
            target.addValue(groupId, ticket.groupId());
            target.addValue(assigneeId, ticket.assigneeId());
            target.addValue(createdAt, ticket.createdAt());
            target.addValue(updatedAt, ticket.updatedAt());

            var session = context.extension(HibernateOrmExtension.get()).session().unwrap(Session.class);
            session.doWork(connection -> {
                parties(connection, target, ticket);
                conversation(connection, target, ticket);
            });
        }

        private void parties(Connection connection, DocumentElement target, Ticket ticket) throws SQLException {
            try (var st = connection.prepareStatement("select c.name, c.email, c.phone_digits, o.name from contact c"
                    + " join organization o on o.id = c.organization_id where c.id = ?")) {
                st.setLong(1, ticket.requesterId());
                try (var rs = st.executeQuery()) {
                    if (rs.next()) {
                        requester.write(target, rs.getString(1));
                        if (rs.getString(2) != null) {
                            target.addValue(requesterEmail, rs.getString(2));
                        }
                        if (rs.getString(3) != null && !rs.getString(3).isEmpty()) {
                            target.addValue(requesterPhone, rs.getString(3));
                        }
                        organization.write(target, rs.getString(4));
                    }
                }
            }
        }

        private void conversation(Connection connection, DocumentElement target, Ticket ticket) throws SQLException {
            var publicText = new ArrayList<String>();
            var internalText = new ArrayList<String>();
            int[] size = {0};
            add(publicText, ticket.description(), size);
            try (var st = connection.prepareStatement("select body, internal from article where ticket_id = ? order by id")) {
                st.setLong(1, ticket.id());
                try (var rs = st.executeQuery()) {
                    while (rs.next() && size[0] < MAX_TEXT) {
                        var body = rs.getString(1);
                        // A mailed ticket's first message is its description too: once is enough.
                        if (!rs.getBoolean(2) && body != null && body.equals(ticket.description())) {
                            continue;
                        }
                        add(rs.getBoolean(2) ? internalText : publicText, body, size);
                    }
                }
            }
            publicText.forEach(t -> text.write(target, t));
            internalText.forEach(t -> notes.write(target, t));
        }

        private static void add(List<String> into, String body, int[] size) {
            if (body == null || body.isBlank()) {
                return;
            }
            var room = MAX_TEXT - size[0];
            var cut = body.length() > room ? body.substring(0, room) : body;
            size[0] += cut.length();
            into.add(cut);
        }
    }
}
