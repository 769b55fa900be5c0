package io.relais.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** Reading a form of a page as the person sees it: its fields, what they hold, the problem shown beside each. */
final class FormReading {
    private FormReading() {}

    /** The form of the page posting to exactly {@code action}. */
    static Element form(Document page, String action) {
        var form = page.selectFirst("form[method=post][action=\"" + action + "\"]");
        assertThat(form).as("the form posting to " + action).isNotNull();
        return form;
    }

    static Element field(Element form, String name) {
        var control = form.selectFirst("[name=" + name + "]:not([type=hidden])");
        assertThat(control).as("the field " + name).isNotNull();
        return control;
    }

    /** The text shown beside the field (inside its label), or null. */
    static String beside(Element form, String name) {
        var problem = field(form, name).parent().selectFirst(".field-problem");
        return problem == null ? null : problem.text();
    }

    /** What the field holds (a text area's whole text, line breaks included). */
    static String value(Element form, String name) {
        var control = field(form, name);
        return control.tagName().equals("textarea") ? control.wholeText() : control.val();
    }

    /** The value of the list's chosen option, or null. */
    static String chosen(Element form, String name) {
        var option = field(form, name).selectFirst("option[selected]");
        return option == null ? null : option.val();
    }
}
