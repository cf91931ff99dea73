package io.nextbest.engine.model;

import java.util.Set;

import io.nextbest.facts.ActionKind;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Purpose;

/**
 * An action of the catalogue: something rules may propose.
 *
 * @param id the id rules name it by
 * @param kind message or offer
 * @param purpose marketing or service; marketing needs consent on the channel
 * @param channels where it may appear
 * @param contentKey the key of the content the channel renders or sends
 * @param value what the action is worth to the business, relative to the others (1 by
 * default); a factor of the arbitration score
 * @param oneTime true for an offer that is never offered again once accepted
 * @param group the group of actions it belongs to for business levers, or an empty string
 * @param capacity how many customers a day the business can serve with it (call-centre
 * slots, stock), or 0 when it has no limit; what-if runs compare their volumes with it,
 * decisions do not
 * @param recovery true for an action that answers a detractor (a call back, an apology):
 * one sent within the recovery window after a detractor's answer closes the loop, as the
 * voice of the customer analytics count it
 */
public record ActionDefinition(String id, ActionKind kind, Purpose purpose, Set<Channel> channels, String contentKey,
		double value, boolean oneTime, String group, long capacity, boolean recovery) {

	/**
	 * An action that is not a recovery action.
	 * @param id the id
	 * @param kind message or offer
	 * @param purpose marketing or service
	 * @param channels where it may appear
	 * @param contentKey the content key
	 * @param value its value
	 * @param oneTime true for a one-time offer
	 * @param group its group, or an empty string
	 * @param capacity customers a day, or 0
	 */
	public ActionDefinition(String id, ActionKind kind, Purpose purpose, Set<Channel> channels, String contentKey,
			double value, boolean oneTime, String group, long capacity) {
		this(id, kind, purpose, channels, contentKey, value, oneTime, group, capacity, false);
	}

	/**
	 * An action without a daily capacity.
	 * @param id the id
	 * @param kind message or offer
	 * @param purpose marketing or service
	 * @param channels where it may appear
	 * @param contentKey the content key
	 * @param value its value
	 * @param oneTime true for a one-time offer
	 * @param group its group, or an empty string
	 */
	public ActionDefinition(String id, ActionKind kind, Purpose purpose, Set<Channel> channels, String contentKey,
			double value, boolean oneTime, String group) {
		this(id, kind, purpose, channels, contentKey, value, oneTime, group, 0);
	}

	/**
	 * An action of value 1, not one-time, in no group.
	 * @param id the id
	 * @param kind message or offer
	 * @param purpose marketing or service
	 * @param channels where it may appear
	 * @param contentKey the content key
	 */
	public ActionDefinition(String id, ActionKind kind, Purpose purpose, Set<Channel> channels, String contentKey) {
		this(id, kind, purpose, channels, contentKey, 1.0, false, "", 0);
	}

	/**
	 * @return true when the catalogue gives the action a daily capacity
	 */
	public boolean hasCapacity() {
		return this.capacity > 0;
	}

	/**
	 * Whether the action may appear on a channel.
	 * @param channel the channel
	 * @return true when the catalogue allows it there
	 */
	public boolean allows(Channel channel) {
		return this.channels.contains(channel);
	}

}
