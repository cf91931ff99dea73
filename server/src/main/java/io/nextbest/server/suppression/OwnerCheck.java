package io.nextbest.server.suppression;

import java.util.List;
import java.util.concurrent.Callable;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;

import io.nextbest.engine.decision.SuppressionCheck.Send;
import io.nextbest.engine.ruleset.RuleSet;

/**
 * The part of a batch whose customers another member owns, sent to that member to check:
 * there the contexts are in its read cache (or a local partition operation away), and
 * only the ids go over and the verdicts come back, where reading the contexts would bring
 * every context over to be deserialized. The owner checks with the rule set version the
 * batch started with, or answers {@code null} (it serves another version, or is not
 * ready) and the caller checks those recipients itself.
 */
final class OwnerCheck implements Callable<byte[]>, HazelcastInstanceAware {

	private final Send send;

	private final String ruleSetHash;

	private final List<String> customerIds;

	private transient HazelcastInstance hazelcast;

	/**
	 * @param send what is being sent
	 * @param ruleSetHash the version of the rule set the batch is checked with
	 * @param customerIds the recipients the member owns
	 */
	OwnerCheck(Send send, String ruleSetHash, List<String> customerIds) {
		this.send = send;
		this.ruleSetHash = ruleSetHash;
		this.customerIds = customerIds;
	}

	Send send() {
		return this.send;
	}

	String ruleSetHash() {
		return this.ruleSetHash;
	}

	List<String> customerIds() {
		return this.customerIds;
	}

	@Override
	public void setHazelcastInstance(HazelcastInstance hazelcast) {
		this.hazelcast = hazelcast;
	}

	@Override
	public byte[] call() {
		if (!(this.hazelcast.getUserContext().get(BulkSuppressor.USER_CONTEXT_KEY) instanceof BulkSuppressor owner)) {
			return null;
		}
		RuleSet ruleSet = owner.ruleSet();
		if (!ruleSet.version().hash().equals(this.ruleSetHash)) {
			return null;
		}
		return VerdictCodec.encode(owner.checkHere(ruleSet, this.send, this.customerIds, () -> false));
	}

}
