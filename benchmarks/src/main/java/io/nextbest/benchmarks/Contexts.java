package io.nextbest.benchmarks;

import java.time.Instant;
import java.util.Map;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.ContextLimits;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.EventApplier;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.Stage;
import io.nextbest.facts.SurveyType;

/**
 * Typical stored contexts for the microbenchmarks, built by the server's own event
 * applier.
 */
public final class Contexts {

	private Contexts() {
	}

	/**
	 * A customer in a journey, with consents, a survey answer and some contact history.
	 * @param customerId the customer
	 * @param variant picks segment, region, journey, stage and score
	 * @param now the time the history leads up to
	 * @return the context
	 */
	public static CustomerContext typical(String customerId, int variant, Instant now) {
		String[] segments = { "gold", "silver", "bronze" };
		String[] journeys = { "broadband", "mobile", "tv" };
		Stage[] stages = Stage.values();
		return typical(customerId, segments[variant % 3], "r" + (variant % 12), journeys[(variant / 3) % 3],
				stages[(variant / 9) % stages.length], variant % 11, now);
	}

	/**
	 * A customer in a journey, with consents on email and web, an NPS answer and six
	 * emails sent in the last month.
	 * @param customerId the customer
	 * @param segment the profile attribute {@code segment}
	 * @param region the profile attribute {@code region}
	 * @param journey the journey the customer is in
	 * @param stage the stage
	 * @param score the NPS answer
	 * @param now the time the history leads up to
	 * @return the context
	 */
	public static CustomerContext typical(String customerId, String segment, String region, String journey, Stage stage,
			int score, Instant now) {
		long at = now.minusSeconds(30 * 86_400L).toEpochMilli();
		CustomerContext context = CustomerContext.empty(customerId);
		int e = 0;
		context = apply(context, new ContextEvent.ProfileUpdated(customerId + e++, customerId, at++,
				Map.of("segment", segment, "region", region)));
		context = apply(context, new ContextEvent.StageChanged(customerId + e++, customerId, at++, journey, stage));
		context = apply(context, new ContextEvent.ConsentChanged(customerId + e++, customerId, at++, Channel.EMAIL,
				Purpose.MARKETING, ConsentStatus.GRANTED));
		context = apply(context, new ContextEvent.ConsentChanged(customerId + e++, customerId, at++, Channel.WEB,
				Purpose.MARKETING, ConsentStatus.GRANTED));
		context = apply(context,
				new ContextEvent.SurveyAnswered(customerId + e++, customerId, at++, SurveyType.NPS, score));
		for (int h = 0; h < 6; h++) {
			context = apply(context, new ContextEvent.OutcomeRecorded(customerId + e++, customerId, at++, "d" + h,
					"cross-sell-offer", Channel.EMAIL, Outcome.SENT));
		}
		return context;
	}

	private static CustomerContext apply(CustomerContext context, ContextEvent event) {
		return EventApplier.apply(context, event, ContextLimits.DEFAULTS).context();
	}

}
