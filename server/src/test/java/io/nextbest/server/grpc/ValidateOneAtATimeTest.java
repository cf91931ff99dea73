package io.nextbest.server.grpc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.grpc.server.exception.GrpcExceptionHandlerInterceptor;

import io.nextbest.api.v1.RuleFileContent;
import io.nextbest.api.v1.RulesAdminServiceGrpc;
import io.nextbest.api.v1.ValidateRequest;
import io.nextbest.api.v1.ValidateResponse;
import io.nextbest.server.rules.CurrentRuleSet;
import io.nextbest.server.rules.HeldCompile;
import io.nextbest.server.rules.TestRuleSets;
import io.nextbest.server.security.AuditLog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Validations run one at a time: while one compiles (held by the test), another is
 * refused at once with RESOURCE_EXHAUSTED, and once it is done the next is served. The
 * service runs on an in-process server of its own, so that the test holds its compiler.
 */
class ValidateOneAtATimeTest {

	@TempDir
	Path folder;

	private final HeldCompile held = new HeldCompile();

	private CurrentRuleSet rules;

	private Server server;

	private ManagedChannel channel;

	@AfterEach
	void stop() {
		this.held.release();
		if (this.channel != null) {
			this.channel.shutdownNow();
		}
		if (this.server != null) {
			this.server.shutdownNow();
		}
		if (this.rules != null) {
			this.rules.close();
		}
	}

	@Test
	void aSecondValidationWhileOneRunsIsRefusedAtOnce() throws Exception {
		Files.writeString(this.folder.resolve("actions.yaml"), """
				actions:
				  - id: welcome
				    kind: message
				    purpose: service
				    channels: [web]
				    content: welcome
				""");
		Files.writeString(this.folder.resolve("welcome.drl"), rule("Everyone is welcome", ""));
		this.rules = TestRuleSets.currentWithHeldValidations(this.folder,
				Clock.fixed(Instant.parse("2025-03-03T10:00:00Z"), ZoneOffset.UTC), this.held);
		String name = InProcessServerBuilder.generateName();
		this.server = InProcessServerBuilder.forName(name)
			// Statuses made as the server makes them, by its one exception handler.
			.addService(ServerInterceptors.intercept(
					new RulesAdminGrpcService(this.rules, Clock.systemUTC(), null, new AuditLog(), null, null),
					new GrpcExceptionHandlerInterceptor(new GrpcErrors())))
			.build()
			.start();
		this.channel = InProcessChannelBuilder.forName(name).build();

		ListenableFuture<ValidateResponse> first = RulesAdminServiceGrpc.newFutureStub(this.channel)
			.validate(request(rule("Held", HeldCompile.MARKER)));
		this.held.awaitEntered();
		StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
				() -> RulesAdminServiceGrpc.newBlockingStub(this.channel).validate(request(rule("Other", ""))));

		assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(refused.getStatus().getDescription()).contains("one at a time");
		assertThat(first).isNotDone();

		this.held.release();
		assertThat(first.get().getValid()).isTrue();
		assertThat(RulesAdminServiceGrpc.newBlockingStub(this.channel).validate(request(rule("Other", ""))).getValid())
			.isTrue();
	}

	private static ValidateRequest request(String drl) {
		return ValidateRequest.newBuilder()
			.addFiles(RuleFileContent.newBuilder().setPath("other.drl").setContent(ByteString.copyFromUtf8(drl)))
			.build();
	}

	private static String rule(String name, String comment) {
		return """
				package io.nextbest.rules;

				import io.nextbest.facts.*;

				rule "%s"
				when
				    Customer()
				then
				    insert(Propose.action("welcome").priority(50).because("%s"));
				end
				%s
				""".formatted(name, name, comment);
	}

}
