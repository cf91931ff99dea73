package io.nextbest.engine.decision;

import io.nextbest.facts.Channel;

/**
 * A place on a channel to fill with up to so many actions, such as a web carousel.
 * Placements of one request never show the same action twice.
 *
 * @param name the placement's name, for example {@code home-carousel}
 * @param channel the channel it is on
 * @param maxActions the most actions to return, at least 1
 */
public record Placement(String name, Channel channel, int maxActions) {
}
