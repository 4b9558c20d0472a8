package dev.closer.leads.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.closer.shared.problem.BusinessException;
import dev.closer.shared.security.CurrentUser;
import dev.closer.shared.tx.Transactions;

/**
 * Group commit for {@code POST /api/leads}: concurrent submissions wait in a queue (one per worker thread,
 * chosen by team) and each worker takes in whatever has gathered (up to {@code closer.leads.intake.batch-size}) in one transaction through
 * {@link BatchIntake}. Nobody waits for a batch to fill: an idle worker takes a lone lead at once; under load
 * the leads that arrive while a batch commits form the next one. A caller is answered only after its batch
 * committed, so an accepted lead is never lost. If a batch fails as a whole (a deadlock with another writer,
 * a constraint), each of its callers runs the one-lead intake itself, with its retries.
 */
@Component
class IntakeBatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(IntakeBatcher.class);

	/** The batch failed as a whole: the caller takes the one-lead path. */
	private static final class RunAlone extends RuntimeException {

		RunAlone(Throwable cause) {
			super(cause == null ? null : cause.toString(), cause, false, false);
		}
	}

	private record Pending(BatchIntake.Item item, CompletableFuture<BatchIntake.Outcome> answer) {
	}

	private final BatchIntake batch;

	private final LeadIntake intake;

	private final Transactions transactions;

	private final TransactionTemplate tx;

	private final int workers;

	private final int size;

	/** One queue per worker; a team's leads always go to the same one, so two workers never wait on each other's reps. */
	private final List<BlockingQueue<Pending>> queues = new ArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	IntakeBatcher(BatchIntake batch, LeadIntake intake, Transactions transactions,
			PlatformTransactionManager transactionManager,
			@Value("${closer.leads.intake.batch-workers:2}") int workers,
			@Value("${closer.leads.intake.batch-size:64}") int size) {
		this.batch = batch;
		this.intake = intake;
		this.transactions = transactions;
		this.tx = new TransactionTemplate(transactionManager);
		this.workers = workers;
		this.size = Math.max(1, size);
		for (int i = 0; i < Math.max(1, workers); i++) {
			queues.add(new LinkedBlockingQueue<>(10_000));
		}
	}

	/** Takes in one lead (as {@link LeadIntake#create} would) and answers once it is committed. */
	LeadIntake.Result submit(LeadRequest request, CurrentUser actor) {
		if (running && workers > 0) {
			var pending = new Pending(new BatchIntake.Item(request, actor), new CompletableFuture<>());
			long team = request.teamId() != null ? request.teamId() : actor != null && actor.teamId() != null ? actor.teamId() : 0;
			if (queues.get((int) Math.floorMod(team, (long) queues.size())).offer(pending)) {
				try {
					BatchIntake.Outcome outcome = pending.answer().get(60, TimeUnit.SECONDS);
					if (outcome.refusal() != null) {
						throw outcome.refusal();
					}
					return outcome.result();
				}
				catch (ExecutionException e) {
					if (!(e.getCause() instanceof RunAlone)) {
						throw new IllegalStateException(e.getCause());
					}
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("interrupted while the lead was being taken in", e);
				}
				catch (TimeoutException e) {
					throw new IllegalStateException("lead intake did not answer within 60 s", e);
				}
			}
		}
		return transactions.retryingOnContention(() -> intake.create(request, actor));
	}

	private void work(BlockingQueue<Pending> queue) {
		List<Pending> taken = new ArrayList<>(size);
		while (running || !queue.isEmpty()) {
			taken.clear();
			try {
				Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				taken.add(first);
				queue.drainTo(taken, size - 1);
			}
			catch (InterruptedException e) {
				if (!running) {
					continue;
				}
				Thread.currentThread().interrupt();
				return;
			}
			List<BatchIntake.Item> items = taken.stream().map(Pending::item).toList();
			try {
				List<BatchIntake.Outcome> outcomes = tx.execute(s -> batch.process(items));
				for (int i = 0; i < taken.size(); i++) {
					taken.get(i).answer().complete(outcomes.get(i));
				}
			}
			catch (RuntimeException | Error e) {
				log.debug("Batch of {} leads failed as a whole; each is taken in alone", taken.size(), e);
				taken.forEach(p -> p.answer().completeExceptionally(new RunAlone(e)));
			}
		}
	}

	@Override
	public synchronized void start() {
		if (running) {
			return;
		}
		running = true;
		for (int i = 0; i < workers; i++) {
			BlockingQueue<Pending> queue = queues.get(i);
			Thread t = new Thread(() -> work(queue), "lead-intake-" + (i + 1));
			t.setDaemon(true);
			threads.add(t);
			t.start();
		}
	}

	@Override
	public synchronized void stop() {
		running = false;
		for (Thread t : threads) {
			try {
				t.join(10_000);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
		threads.clear();
	}

	@Override
	public boolean isRunning() {
		return running;
	}
}
