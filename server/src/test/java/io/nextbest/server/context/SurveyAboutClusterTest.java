package io.nextbest.server.context;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.ContextLimits;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.EventDisposition;
import io.nextbest.facts.Channel;
import io.nextbest.facts.SurveyType;
import io.nextbest.server.LoopbackCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a survey answer is about travels between members in the compact forms: the event
 * to the owner, and the context back.
 */
class SurveyAboutClusterTest {

	private static final long T = 1_700_000_000_000L;

	private final LoopbackCluster cluster = new LoopbackCluster("survey-about-cluster-test");

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void theChannelOfAnAnswerSentFromAnotherMemberIsKept() {
		HazelcastInstance first = this.cluster.serverMember(null);
		HazelcastInstance second = this.cluster.serverMember(first);
		ContextStore fromFirst = new HazelcastContextStore(first, ContextLimits.DEFAULTS);
		fromFirst.get("nobody");
		await().until(() -> first.getPartitionService().isClusterSafe());
		String customer = null;
		for (int i = 0; customer == null; i++) {
			if (second.getPartitionService().getPartition("about-" + i).getOwner().localMember()) {
				customer = "about-" + i;
			}
		}

		assertThat(fromFirst.apply(new ContextEvent.SurveyAnswered("n1", customer, T, SurveyType.NPS, 4, "d-1", "K1",
				Channel.CONTACT_CENTRE)))
			.isEqualTo(EventDisposition.APPLIED);
		assertThat(fromFirst.apply(new ContextEvent.SurveyAnswered("c1", customer, T, SurveyType.CSAT, 5)))
			.isEqualTo(EventDisposition.APPLIED);

		assertThat(fromFirst.get(customer).surveys()).containsExactly(
				new CustomerContext.SurveyRecord(SurveyType.NPS, 4, T, Channel.CONTACT_CENTRE),
				new CustomerContext.SurveyRecord(SurveyType.CSAT, 5, T));
	}

}
