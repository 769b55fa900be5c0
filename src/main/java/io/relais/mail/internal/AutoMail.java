package io.relais.mail.internal;

import io.relais.common.Letters;

/**
 * Tells mail written by a machine from mail written by a person (RFC 3834 and what real servers
 * send): automatic mail never gets an automatic answer, and our own mail coming back never opens a ticket.
 */
public final class AutoMail {
    public static final String LOOP_HEADER = "X-Relais-Loop";

    private AutoMail() {}

    /** {@code reason} names the first sign found (null for mail from a person). */
    public record Verdict(boolean automatic, boolean ours, boolean bounce, String reason) {}

    public static Verdict judge(ParsedMail mail, String ownLoopValue) {
        boolean ours = mail.all(LOOP_HEADER).stream().anyMatch(v -> v.trim().equalsIgnoreCase(ownLoopValue));
        boolean bounce = mail.report() != null;
        var reason = reason(mail);
        if (bounce && reason == null) {
            reason = "delivery status report";
        }
        if (ours && reason == null) {
            reason = "our own loop header";
        }
        return new Verdict(reason != null, ours, bounce, reason);
    }

    private static String reason(ParsedMail mail) {
        var autoSubmitted = lower(mail.header("auto-submitted"));
        if (autoSubmitted != null && !autoSubmitted.startsWith("no")) {
            return "Auto-Submitted: " + autoSubmitted;
        }
        var precedence = lower(mail.header("precedence"));
        if (precedence != null && (precedence.startsWith("bulk") || precedence.startsWith("junk") || precedence.startsWith("list")
                || precedence.startsWith("auto_reply"))) {
            return "Precedence: " + precedence;
        }
        var suppress = lower(mail.header("x-auto-response-suppress"));
        if (suppress != null && (suppress.contains("all") || suppress.contains("oof") || suppress.contains("autoreply"))) {
            return "X-Auto-Response-Suppress";
        }
        if (mail.header("list-id") != null) {
            return "List-Id";
        }
        if (mail.header("x-autoreply") != null || mail.header("x-autorespond") != null || mail.header("x-autoresponse") != null) {
            return "X-Autoreply";
        }
        var returnPath = mail.returnPath();
        if (returnPath != null && returnPath.replaceAll("\\s", "").equals("<>")) {
            return "Return-Path: <>";
        }
        var from = mail.from() == null ? null : mail.from().email();
        if (from != null) {
            var local = from.substring(0, Math.max(from.indexOf('@'), 0));
            if (local.equals("mailer-daemon") || local.equals("postmaster") || local.startsWith("noreply")
                    || local.startsWith("no-reply") || local.startsWith("do-not-reply") || local.startsWith("donotreply")) {
                return "sender " + local;
            }
        }
        var contentType = lower(mail.header("content-type"));
        if (contentType != null && contentType.startsWith("multipart/report")) {
            return "multipart/report";
        }
        return null;
    }

    private static String lower(String s) {
        return s == null ? null : Letters.lower(s.trim());
    }
}
