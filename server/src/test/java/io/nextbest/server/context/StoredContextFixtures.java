package io.nextbest.server.context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.CustomerContext.ConsentRecord;
import io.nextbest.engine.context.CustomerContext.ContactRecord;
import io.nextbest.engine.context.CustomerContext.JourneyPosition;
import io.nextbest.engine.context.CustomerContext.ProfileAttribute;
import io.nextbest.engine.context.CustomerContext.ServiceCase;
import io.nextbest.engine.context.CustomerContext.SurveyRecord;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;
import io.nextbest.facts.SurveyType;

/**
 * Contexts whose stored bytes, as earlier versions of the server wrote them, are kept
 * under {@code src/test/resources/stored-contexts/format-N/<name>.bin}. The contexts are
 * built here value by value (not by applying events), so that a change to how events
 * update a context never changes what a fixture means.
 */
final class StoredContextFixtures {

	private static final long T = 1_764_000_000_000L;

	private static final long DAY = 86_400_000L;

	private StoredContextFixtures() {
	}

	/**
	 * @return every fixture by name, the name of its file without {@code .bin}
	 */
	static Map<String, Supplier<CustomerContext>> all() {
		Map<String, Supplier<CustomerContext>> all = new LinkedHashMap<>();
		all.put("unknown-visitor", StoredContextFixtures::unknownVisitor);
		all.put("every-field", StoredContextFixtures::everyField);
		all.put("detractor-with-open-case", StoredContextFixtures::detractorWithOpenCase);
		all.put("loyal-customer", StoredContextFixtures::loyalCustomer);
		all.put("fullest-context", StoredContextFixtures::fullestContext);
		return all;
	}

	/** Nothing known: what a visitor's context is before any event. */
	static CustomerContext unknownVisitor() {
		return CustomerContext.empty("visitor-0001");
	}

	/**
	 * Every field and every absent value: a case known only by its closing, an attribute
	 * removed, an outcome without a decision, text outside ASCII, fingerprints of either
	 * sign.
	 */
	static CustomerContext everyField() {
		return new CustomerContext("zoë-東京-42", T,
				List.of(new JourneyPosition("broadband", Stage.LOYALTY, T - 40 * DAY),
						new JourneyPosition("mobile", Stage.AWARENESS, T - DAY)),
				List.of(new ServiceCase("K1", "broadband", Severity.CRITICAL, T - 3 * DAY, 0, T - 2 * DAY),
						new ServiceCase("K0", null, null, 0, T - 5 * DAY, T - 5 * DAY),
						new ServiceCase("K2", "", Severity.LOW, T - 9 * DAY, T - 8 * DAY, T - 8 * DAY)),
				List.of(new ConsentRecord(Channel.EMAIL, Purpose.MARKETING, ConsentStatus.GRANTED, T - 60 * DAY),
						new ConsentRecord(Channel.SMS, Purpose.MARKETING, ConsentStatus.REVOKED, T - 6 * DAY),
						new ConsentRecord(Channel.CONTACT_CENTRE, Purpose.MARKETING, ConsentStatus.DENIED, 1)),
				List.of(new SurveyRecord(SurveyType.NPS, 0, T - 4 * DAY), new SurveyRecord(SurveyType.CES, 7, T)),
				List.of(new ProfileAttribute("segment", "gold", T - 50 * DAY),
						new ProfileAttribute("nickname", "Zoë ☕", T - 20 * DAY),
						new ProfileAttribute("region", null, T - 10 * DAY)),
				List.of(new ContactRecord(null, "offer", Channel.WEB, Outcome.CLICK, T - 2 * DAY),
						new ContactRecord("d-1", "cross-sell-offer", Channel.PUSH, Outcome.DISMISS, T - DAY)),
				new long[] { 11, -12, Long.MIN_VALUE, Long.MAX_VALUE, 0x5EED_F00D_CAFE_BEEFL });
	}

	/**
	 * A customer of the benchmark population's most common kind, unhappy, with a case.
	 */
	static CustomerContext detractorWithOpenCase() {
		String id = "c00000017";
		long at = T - 60 * DAY;
		List<ContactRecord> history = new ArrayList<>();
		for (int h = 0; h < 7; h++) {
			boolean email = h % 2 == 0;
			history.add(new ContactRecord("d-17-" + h, email ? "cross-sell-offer" : "case-update",
					email ? Channel.EMAIL : Channel.WEB, email ? Outcome.SENT : Outcome.IMPRESSION,
					at + (10 + h) * 3 * DAY));
		}
		return new CustomerContext(id, at + 40 * 3 * DAY,
				List.of(new JourneyPosition("mobile", Stage.ONBOARDING, at + 3 * DAY)),
				List.of(new ServiceCase(id + "-k1", "mobile", Severity.HIGH, at + 9 * 3 * DAY, 0, at + 9 * 3 * DAY)),
				List.of(new ConsentRecord(Channel.EMAIL, Purpose.MARKETING, ConsentStatus.GRANTED, at + 2 * 3 * DAY),
						new ConsentRecord(Channel.WEB, Purpose.MARKETING, ConsentStatus.GRANTED, at + 3 * 3 * DAY),
						new ConsentRecord(Channel.SMS, Purpose.MARKETING, ConsentStatus.DENIED, at + 4 * 3 * DAY)),
				List.of(new SurveyRecord(SurveyType.NPS, 3, at + 9 * 3 * DAY + 1)),
				List.of(new ProfileAttribute("region", "r7", at), new ProfileAttribute("segment", "bronze", at)),
				history, fingerprints(id, 15));
	}

	/** A loyal customer in two journeys, every channel answered, no case. */
	static CustomerContext loyalCustomer() {
		String id = "c00004242";
		long at = T - 60 * DAY;
		List<ConsentRecord> consents = new ArrayList<>();
		Channel[] channels = { Channel.EMAIL, Channel.WEB, Channel.APP, Channel.SMS, Channel.PUSH };
		for (int c = 0; c < channels.length; c++) {
			consents.add(new ConsentRecord(channels[c], Purpose.MARKETING,
					(c == 3) ? ConsentStatus.REVOKED : ConsentStatus.GRANTED, at + (c + 3) * DAY));
		}
		List<ContactRecord> history = new ArrayList<>();
		for (int h = 0; h < 12; h++) {
			history.add(new ContactRecord("d-4242-" + h, (h % 3 == 0) ? "loyalty-reward" : "cross-sell-offer",
					(h % 2 == 0) ? Channel.EMAIL : Channel.APP, (h % 4 == 1) ? Outcome.ACCEPT : Outcome.SENT,
					at + (20 + 2 * h) * DAY + h * 1_000L));
		}
		return new CustomerContext(id, at + 44 * DAY,
				List.of(new JourneyPosition("broadband", Stage.LOYALTY, at + DAY),
						new JourneyPosition("tv", Stage.ADVOCACY, at + 2 * DAY)),
				List.of(), consents, List.of(new SurveyRecord(SurveyType.NPS, 10, at + 9 * DAY)),
				List.of(new ProfileAttribute("region", "r11", at), new ProfileAttribute("segment", "gold", at)),
				history, fingerprints(id, 20));
	}

	/** As much as the default limits keep: 20 cases, 100 outcomes, 32 event ids. */
	static CustomerContext fullestContext() {
		String id = "c99999999";
		long at = T - 89 * DAY;
		List<ServiceCase> cases = new ArrayList<>();
		for (int k = 0; k < 20; k++) {
			cases.add(new ServiceCase("case-" + k, (k % 2 == 0) ? "broadband" : "tv",
					Severity.values()[k % Severity.values().length], at + k * DAY, (k < 15) ? at + (k + 1) * DAY : 0,
					at + (k + 1) * DAY));
		}
		List<ContactRecord> history = new ArrayList<>();
		for (int h = 0; h < 100; h++) {
			history.add(new ContactRecord("decision-" + h, "action-" + (h % 9), Channel.values()[h % 6],
					Outcome.values()[h % 6], at + h * 60_000L * 77));
		}
		List<ProfileAttribute> profile = new ArrayList<>();
		for (int p = 0; p < 24; p++) {
			profile.add(new ProfileAttribute("attribute-" + p, (p % 5 == 4) ? null : "value-" + p * 7, at + p));
		}
		List<ConsentRecord> consents = new ArrayList<>();
		for (Channel channel : Channel.values()) {
			consents.add(new ConsentRecord(channel, Purpose.MARKETING, ConsentStatus.values()[channel.ordinal() % 3],
					at + channel.ordinal()));
		}
		return new CustomerContext(id, T,
				List.of(new JourneyPosition("broadband", Stage.ADOPTION, at),
						new JourneyPosition("mobile", Stage.VALUE_REALIZATION, at + 1),
						new JourneyPosition("tv", Stage.MARKETING_QUALIFIED, at + 2)),
				cases, consents, List.of(new SurveyRecord(SurveyType.NPS, 8, at),
						new SurveyRecord(SurveyType.CSAT, 5, at + 1), new SurveyRecord(SurveyType.CES, 1, at + 2)),
				profile, history, fingerprints(id, 32));
	}

	/** Fingerprint-like values: spread over the whole range, as the real ones are. */
	private static long[] fingerprints(String seed, int count) {
		long[] ids = new long[count];
		long x = seed.hashCode();
		for (int i = 0; i < count; i++) {
			x += 0x9E3779B97F4A7C15L;
			long z = x;
			z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
			z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
			ids[i] = z ^ (z >>> 31);
		}
		return ids;
	}

}
