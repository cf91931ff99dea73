package io.nextbest.server.decision;

import java.util.List;
import java.util.Map;

import io.nextbest.facts.Channel;

/**
 * A validated request for a decision.
 *
 * @param customerId the customer
 * @param channels the channels to decide for, distinct, in the caller's order
 * @param page the page or screen, or an empty string
 * @param placement the placement, or an empty string
 * @param device the device, or an empty string
 * @param locale the locale, or an empty string
 * @param attributes anything else the caller sent
 */
public record DecisionRequest(String customerId, List<Channel> channels, String page, String placement, String device,
		String locale, Map<String, String> attributes) {

	/**
	 * A request with no request context.
	 * @param customerId the customer
	 * @param channels the channels
	 * @return the request
	 */
	public static DecisionRequest of(String customerId, Channel... channels) {
		return new DecisionRequest(customerId, List.of(channels), "", "", "", "", Map.of());
	}

}
