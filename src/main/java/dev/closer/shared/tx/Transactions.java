package dev.closer.shared.tx;

import java.util.function.Supplier;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work in a new transaction and retries it when the database chose it as a deadlock victim or a
 * lock wait failed: such a transaction was rolled back whole, so running it again is safe, and callers
 * should not see a 500 for what is only contention.
 */
@Component
public class Transactions {

	/** Attempts in all, the first included. */
	public static final int ATTEMPTS = 4;

	private final TransactionTemplate tx;

	Transactions(PlatformTransactionManager transactions) {
		this.tx = new TransactionTemplate(transactions);
	}

	public <T> T retryingOnContention(Supplier<T> work) {
		for (int attempt = 1;; attempt++) {
			try {
				return tx.execute(status -> work.get());
			}
			catch (PessimisticLockingFailureException contention) {
				if (attempt >= ATTEMPTS) {
					throw contention;
				}
				try {
					Thread.sleep(5L * attempt + (long) (Math.random() * 10));
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					throw contention;
				}
			}
		}
	}
}
