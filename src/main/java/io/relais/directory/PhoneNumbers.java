package io.relais.directory;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.relais.common.Letters;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Phone numbers as look-ups compare them: the E.164 form without its "+" ("33123456789" for "01 23 45 67 89" in
 * France), read with a default region for numbers written nationally. What cannot be read as a number keeps its
 * digits, so nothing typed is lost and it is still found by them.
 */
public final class PhoneNumbers {
    /** Longer text is no phone number: never handed to the parser. */
    private static final int MAX_LENGTH = 64;
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final String DEFAULT_COUNTRY = "FR";
    /** Time zones to countries, for organizations created without one (the zones people pick most). */
    private static final Map<String, String> ZONES = Map.ofEntries(
            Map.entry("Europe/Paris", "FR"), Map.entry("Europe/London", "GB"), Map.entry("Europe/Dublin", "IE"),
            Map.entry("Europe/Brussels", "BE"), Map.entry("Europe/Luxembourg", "LU"), Map.entry("Europe/Zurich", "CH"),
            Map.entry("Europe/Monaco", "MC"), Map.entry("Europe/Berlin", "DE"), Map.entry("Europe/Madrid", "ES"),
            Map.entry("Europe/Rome", "IT"), Map.entry("Europe/Amsterdam", "NL"), Map.entry("Europe/Lisbon", "PT"),
            Map.entry("Europe/Vienna", "AT"), Map.entry("Europe/Warsaw", "PL"), Map.entry("Europe/Stockholm", "SE"),
            Map.entry("Europe/Oslo", "NO"), Map.entry("Europe/Copenhagen", "DK"), Map.entry("Europe/Helsinki", "FI"),
            Map.entry("Europe/Prague", "CZ"), Map.entry("Europe/Athens", "GR"), Map.entry("America/New_York", "US"),
            Map.entry("America/Chicago", "US"), Map.entry("America/Denver", "US"), Map.entry("America/Phoenix", "US"),
            Map.entry("America/Los_Angeles", "US"), Map.entry("America/Anchorage", "US"), Map.entry("Pacific/Honolulu", "US"),
            Map.entry("America/Toronto", "CA"), Map.entry("America/Montreal", "CA"), Map.entry("America/Vancouver", "CA"),
            Map.entry("America/Martinique", "MQ"), Map.entry("America/Guadeloupe", "GP"), Map.entry("America/Cayenne", "GF"),
            Map.entry("Indian/Reunion", "RE"), Map.entry("Indian/Mayotte", "YT"), Map.entry("Pacific/Noumea", "NC"),
            Map.entry("Pacific/Tahiti", "PF"), Map.entry("Africa/Casablanca", "MA"), Map.entry("Africa/Algiers", "DZ"),
            Map.entry("Africa/Tunis", "TN"), Map.entry("Africa/Dakar", "SN"), Map.entry("Africa/Abidjan", "CI"),
            Map.entry("Asia/Tokyo", "JP"), Map.entry("Asia/Singapore", "SG"), Map.entry("Australia/Sydney", "AU"));

    private PhoneNumbers() {}

    /** The key a number is stored and matched by: E.164 digits when it reads as a number in {@code region}, else its digits. */
    public static String key(String phone, String region) {
        if (phone == null) {
            return null;
        }
        var e164 = e164(phone, region);
        return e164 != null ? e164 : digits(phone);
    }

    /** The keys a query may mean when read with each of the regions (its bare digits too): what a look-up compares. */
    public static Set<String> candidates(String query, Collection<String> regions) {
        var keys = new LinkedHashSet<String>();
        if (query == null || query.length() > MAX_LENGTH) {
            return keys;
        }
        for (var region : regions) {
            var e164 = e164(query, region);
            if (e164 != null) {
                keys.add(e164);
            }
        }
        var digits = digits(query);
        if (digits != null) {
            keys.add(digits);
        }
        return keys;
    }

    /** Digits only: the fallback key of what does not read as a number. */
    public static String digits(String phone) {
        if (phone == null) {
            return null;
        }
        var out = new StringBuilder();
        for (int i = 0; i < phone.length(); i++) {
            var ch = phone.charAt(i);
            if (ch >= '0' && ch <= '9') {
                out.append(ch);
            }
        }
        return out.isEmpty() ? null : out.toString();
    }

    /** Whether {@code country} is an ISO 3166 alpha-2 code that phone numbers know. */
    public static boolean isCountry(String country) {
        return country != null && UTIL.getSupportedRegions().contains(Letters.upper(country));
    }

    /** The country an organization's numbers are read in when none was given: from its time zone, else its language. */
    public static String countryOf(String timeZone, String language) {
        var byZone = timeZone == null ? null : ZONES.get(timeZone.trim());
        if (byZone != null) {
            return byZone;
        }
        return "en".equals(language) ? "GB" : DEFAULT_COUNTRY;
    }

    private static String e164(String phone, String region) {
        if (phone.length() > MAX_LENGTH || digits(phone) == null) {
            return null;
        }
        try {
            var number = UTIL.parse(phone, region == null ? DEFAULT_COUNTRY : Letters.upper(region));
            if (!UTIL.isPossibleNumber(number)) {
                return null;
            }
            return UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164).substring(1);
        } catch (NumberParseException e) {
            // not a number in that region: the caller keeps its digits
            return null;
        }
    }
}
