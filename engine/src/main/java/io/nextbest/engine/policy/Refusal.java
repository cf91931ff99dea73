package io.nextbest.engine.policy;

import java.time.Instant;

import io.nextbest.facts.ReasonCode;

/**
 * Why a policy keeps an action off a channel.
 *
 * @param policy the policy, as {@code policy:<name>}
 * @param code the stable reason code
 * @param message a sentence a marketer understands
 * @param allowedAt when the action or channel becomes allowed again, or null when unknown
 * (quiet hours and cool-downs know it)
 */
public record Refusal(String policy, ReasonCode code, String message, Instant allowedAt) {
}
