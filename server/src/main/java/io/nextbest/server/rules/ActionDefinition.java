package io.nextbest.server.rules;

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
 */
public record ActionDefinition(String id, ActionKind kind, Purpose purpose, Set<Channel> channels, String contentKey) {

	/**
	 * Whether the action may appear on a channel.
	 * @param channel the channel
	 * @return true when the catalogue allows it there
	 */
	public boolean allows(Channel channel) {
		return this.channels.contains(channel);
	}

}
