package io.nextbest.engine.testing;

import java.util.ArrayList;
import java.util.List;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.CustomerContext.ConsentRecord;
import io.nextbest.engine.context.CustomerContext.JourneyPosition;
import io.nextbest.engine.context.CustomerContext.ServiceCase;
import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;

/**
 * Customers for what-if tests, the engine's and the server's: {@code c-0000}...: one in
 * three with an open case, one in four never asked for email consent and one in five who
 * refused it, web consent for all, alternating journeys and stages.
 */
public final class MixedPopulation {

	private MixedPopulation() {
	}

	/**
	 * @param size how many customers
	 * @return their contexts, in id order
	 */
	public static List<CustomerContext> of(int size) {
		List<CustomerContext> customers = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			String id = String.format("c-%04d", i);
			List<ServiceCase> cases = (i % 3 == 0)
					? List.of(new ServiceCase("k" + i, "broadband", Severity.HIGH, 1, 0, 1)) : List.of();
			List<ConsentRecord> consents = new ArrayList<>();
			if (i % 4 != 0) {
				ConsentStatus email = (i % 5 == 0) ? ConsentStatus.DENIED : ConsentStatus.GRANTED;
				consents.add(new ConsentRecord(Channel.EMAIL, Purpose.MARKETING, email, 1));
			}
			consents.add(new ConsentRecord(Channel.WEB, Purpose.MARKETING, ConsentStatus.GRANTED, 1));
			JourneyPosition journey = new JourneyPosition((i % 2 == 0) ? "broadband" : "mobile",
					(i % 7 == 0) ? Stage.LOYALTY : Stage.ADOPTION, 1);
			customers.add(new CustomerContext(id, 1, List.of(journey), cases, List.copyOf(consents), List.of(),
					List.of(), List.of(), new long[0]));
		}
		return customers;
	}

}
