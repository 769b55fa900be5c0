package io.relais.directory;

import io.relais.common.ConflictException;
import io.relais.common.InvalidInputException;
import io.relais.directory.DirectoryRecords.AgentForm;
import io.relais.directory.DirectoryRecords.AgentInfo;
import io.relais.directory.DirectoryRecords.ContactForm;
import io.relais.directory.DirectoryRecords.ContactInfo;
import io.relais.security.Accounts;
import io.relais.security.Actor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A contact or an agent saved together with a new login: one transaction that checks the caller's rights and the
 * password before it writes anything, so a refused login never leaves a contact or an agent behind.
 */
@Service
public class DirectoryAccounts {
    private final Directory directory;
    private final AgentsAndGroups agentsAndGroups;
    private final Accounts accounts;

    DirectoryAccounts(Directory directory, AgentsAndGroups agentsAndGroups, Accounts accounts) {
        this.directory = directory;
        this.agentsAndGroups = agentsAndGroups;
        this.accounts = accounts;
    }

    /** Creates ({@code id} null) or updates a contact; a non-empty password also gives it a login (administrators only). */
    @Transactional
    public ContactInfo saveContact(Actor actor, Long id, ContactForm form, String password) {
        var withLogin = password != null && !password.isEmpty();
        if (withLogin) {
            actor.requireAdmin();
            Accounts.checkPassword(password);
            if (id == null && (form.email() == null || form.email().isBlank())) {
                throw InvalidInputException.field("email", "an account needs an e-mail address");
            }
        }
        var contact = id == null ? directory.createContact(actor, form) : directory.updateContact(actor, id, form);
        if (withLogin) {
            // an update may keep the address it does not mention: checked on the result (this transaction rolls back)
            if (contact.email() == null) {
                throw InvalidInputException.field("email", "an account needs an e-mail address");
            }
            accounts.createForContact(contact.id(), contact.email(), password);
        }
        return contact;
    }

    /** Creates ({@code id} null) or updates an agent; a non-empty password also gives them a login. */
    @Transactional
    public AgentInfo saveAgent(Actor actor, Long id, AgentForm form, String password) {
        actor.requireAdmin();
        var withLogin = password != null && !password.isEmpty();
        if (withLogin) {
            Accounts.checkPassword(password);
        }
        var agent = id == null ? agentsAndGroups.createAgent(actor, form) : agentsAndGroups.updateAgent(actor, id, form);
        if (withLogin) {
            if (accounts.loginOfAgent(agent.id()).isPresent()) {
                throw new ConflictException("This agent already has an account");
            }
            accounts.createForAgent(agent.id(), agent.email(), password);
        }
        return agent;
    }
}
