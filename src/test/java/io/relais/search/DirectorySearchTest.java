package io.relais.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.relais.IntegrationTest;
import io.relais.directory.Directory;
import io.relais.directory.DirectoryRecords.ContactForm;
import io.relais.security.Actor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class DirectorySearchTest extends IntegrationTest {
    @Autowired DirectorySearch search;
    @Autowired Directory directory;

    @Test
    void agentsFindContactsAndOrganizationsTheyServeByNameStartAddressOrPhone() {
        var a = fixtures.tenant("Annuaire");
        var b = fixtures.tenant("Secret");
        var system = Actor.system("test");
        var julie = directory.createContact(system, new ContactForm(a.organizationId(), "Julie Martin-Dubois", "julie.md@annuaire.example",
                "+33 4 72 10 20 30", "fr", false, false, List.of("j.martin@perso.example"), List.of("06 11 22 33 44")));
        var hidden = directory.createContact(system, new ContactForm(b.organizationId(), "Julie Secretkeeper", "julie.sk@secret.example",
                "+33 1 99 88 77 66", "fr", false, false, List.of(), List.of()));
        var agent = a.agent().actor();

        assertThat(ids(agent, "jul mart")).contains(julie.id()).doesNotContain(hidden.id());
        assertThat(ids(agent, "Julie")).contains(julie.id()).doesNotContain(hidden.id());
        assertThat(ids(agent, "JULIE.MD@annuaire.example")).containsExactly(julie.id());
        assertThat(ids(agent, "j.martin@perso.example")).containsExactly(julie.id());
        assertThat(ids(agent, "04 72 10 20 30")).contains(julie.id());
        assertThat(ids(agent, "0611223344")).contains(julie.id());
        // another organization's people and the organization itself: nothing, even by exact address or phone
        assertThat(ids(agent, "julie.sk@secret.example")).isEmpty();
        assertThat(ids(agent, "01 99 88 77 66")).isEmpty();
        assertThat(ids(agent, "Secretkeeper")).isEmpty();
        assertThat(search.organizations(agent, "Secret", 10)).isEmpty();
        assertThat(search.organizations(agent, "Annuaire", 10)).extracting(DirectorySearch.OrganizationHit::id)
                .contains(a.organizationId());
        // customers do not search the directory
        assertThat(ids(a.manager().actor(), "Julie")).isEmpty();
        // a renamed contact is found by the new name at once
        directory.updateContact(system, julie.id(), new ContactForm(a.organizationId(), "Juliette Martin", julie.email(),
                julie.phone(), "fr", false, false, List.of(), List.of()));
        assertThat(ids(agent, "juliette")).containsExactly(julie.id());
    }

    private List<Long> ids(Actor actor, String q) {
        return search.contacts(actor, q, 10).stream().map(DirectorySearch.ContactHit::id).toList();
    }
}
