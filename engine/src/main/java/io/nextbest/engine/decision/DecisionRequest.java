package io.nextbest.engine.decision;

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
 * @param maxActions the most actions per channel, at least 1
 * @param placements placements to fill, after the channels, in the caller's order
 * @param explain whether to return the decision funnel
 */
public record DecisionRequest(String customerId, List<Channel> channels, String page, String placement, String device,
		String locale, Map<String, String> attributes, int maxActions, List<Placement> placements, boolean explain) {

	/**
	 * A request for one action per channel, no placements, no funnel.
	 * @param customerId the customer
	 * @param channels the channels
	 * @param page the page or screen, or an empty string
	 * @param placement the placement, or an empty string
	 * @param device the device, or an empty string
	 * @param locale the locale, or an empty string
	 * @param attributes anything else the caller sent
	 */
	public DecisionRequest(String customerId, List<Channel> channels, String page, String placement, String device,
			String locale, Map<String, String> attributes) {
		this(customerId, channels, page, placement, device, locale, attributes, 1, List.of(), false);
	}

	/**
	 * A request with no request context.
	 * @param customerId the customer
	 * @param channels the channels
	 * @return the request
	 */
	public static DecisionRequest of(String customerId, Channel... channels) {
		return new DecisionRequest(customerId, List.of(channels), "", "", "", "", Map.of());
	}

	/**
	 * The same request, explained.
	 * @return a copy that asks for the decision funnel
	 */
	public DecisionRequest explained() {
		return new DecisionRequest(this.customerId, this.channels, this.page, this.placement, this.device, this.locale,
				this.attributes, this.maxActions, this.placements, true);
	}

	/**
	 * The same request, with placements.
	 * @param placements the placements to fill
	 * @return a copy with those placements
	 */
	public DecisionRequest withPlacements(Placement... placements) {
		return new DecisionRequest(this.customerId, this.channels, this.page, this.placement, this.device, this.locale,
				this.attributes, this.maxActions, List.of(placements), this.explain);
	}

	/**
	 * The same request, with up to so many actions per channel.
	 * @param maxActions the most actions per channel
	 * @return a copy
	 */
	public DecisionRequest withMaxActions(int maxActions) {
		return new DecisionRequest(this.customerId, this.channels, this.page, this.placement, this.device, this.locale,
				this.attributes, maxActions, this.placements, this.explain);
	}

}
