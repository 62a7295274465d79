"""`log-and-reraise` for PHP, C#, Ruby, Kotlin and Rust: the exact resulting text, and no fix where it
is not certain. The fixer is called directly, so these tests do not depend on the rule records."""

# ruff: noqa: E501  (sample code keeps the long lines real code has; the fixes must keep them too)

from __future__ import annotations

import textwrap

import pytest

from backlint.core import engine
from backlint.core.fixes import FixRequest, apply_edits, verify
from backlint.core.fixes.errors import log_and_reraise


def _fix(source: str, language: str, path: str):
    analysis = engine.analyze(source, path=path, language=language)
    findings = [f for f in analysis.findings if f.rule_id == "BL201"]
    assert len(findings) == 1, [f.message for f in analysis.findings]
    fix = log_and_reraise(FixRequest(finding=findings[0], analysis=analysis))
    if fix is not None:
        assert verify(analysis, findings[0], fix.edits) is None  # re-parses, finding gone, nothing new
        assert fix.safe is False  # changes behaviour: never applied by fixAll
    return analysis, fix


def _fixed(source: str, language: str, path: str) -> str | None:
    analysis, fix = _fix(source, language, path)
    return None if fix is None else apply_edits(analysis.source.data, fix.edits).decode("utf-8")


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    monkeypatch.setenv(engine.STRICT_ENV, "1")  # a fixer that raises fails the test


# --- PHP -------------------------------------------------------------------------------------------


def test_php_uses_the_class_logger_and_keeps_the_rollback():
    source = dedent(
        """
        <?php
        final class Payments
        {
            public function __construct(private LoggerInterface $logger) {}

            public function settle(int $id): ?bool
            {
                try {
                    $this->gateway->settle($id);
                } catch (\\Exception $e) {
                    DB::rollBack();
                    return null;
                }
                return true;
            }
        }
        """
    )
    assert _fixed(source, "php", "Payments.php") == source.replace(
        "            DB::rollBack();\n            return null;\n",
        "            DB::rollBack();\n"
        "            $this->logger->error('settle failed', ['exception' => $e]);\n"
        "            throw $e;\n",
    )


def test_php_catch_without_a_variable_gets_one_and_laravel_log():
    source = dedent(
        """
        <?php
        use Illuminate\\Support\\Facades\\Log;

        function refund($charge)
        {
            try {
                Stripe::refund($charge);
            } catch (Throwable) {
            }
        }
        """
    )
    assert _fixed(source, "php", "refund.php") == source.replace(
        "    } catch (Throwable) {\n    }\n",
        "    } catch (Throwable $e) {\n"
        "        Log::error('refund failed', ['exception' => $e]);\n"
        "        throw $e;\n"
        "    }\n",
    )


def test_php_without_a_logger_uses_error_log():
    source = "<?php\nfunction warm() {\n  try {\n    load();\n  } catch (Exception $e) {}\n}\n"
    assert _fixed(source, "php", "warm.php") == (
        "<?php\nfunction warm() {\n  try {\n    load();\n  } catch (Exception $e) {\n"
        "    error_log('warm failed: ' . $e);\n    throw $e;\n  }\n}\n"
    )


def test_php_a_return_inside_a_closure_is_the_closure_s_own():
    source = dedent(
        """
        <?php
        function load($keys) {
            try {
                return cache($keys);
            } catch (\\Exception $e) {
                array_map(function ($k) { return forget($k); }, $keys);
                return false;
            }
        }
        """
    )
    assert _fixed(source, "php", "load.php") == source.replace(
        "        return false;\n", "        error_log('load failed: ' . $e);\n        throw $e;\n"
    )


# --- C# --------------------------------------------------------------------------------------------


def test_csharp_logs_with_the_injected_logger_and_rethrows():
    source = dedent(
        """
        public class OrdersController
        {
            private readonly ILogger<OrdersController> _logger;

            public async Task<IActionResult> Ship(int id)
            {
                try
                {
                    await _orders.ShipAsync(id);
                }
                catch (Exception)
                {
                }
                return NoContent();
            }
        }
        """
    )
    assert _fixed(source, "csharp", "OrdersController.cs") == source.replace(
        "        catch (Exception)\n        {\n        }\n",
        "        catch (Exception ex)\n        {\n"
        '            _logger.LogError(ex, "Ship failed");\n'
        "            throw;\n        }\n",
    )


def test_csharp_bare_one_line_catch_follows_the_brace_style():
    source = dedent(
        """
        public class Cache
        {
            private readonly ILogger<Cache> logger;

            public void Refresh()
            {
                try
                {
                    Load();
                }
                catch { }
            }
        }
        """
    )
    assert _fixed(source, "csharp", "Cache.cs") == source.replace(
        "        catch { }\n",
        "        catch (Exception ex)\n        {\n"
        '            logger.LogError(ex, "Refresh failed");\n'
        "            throw;\n        }\n",
    )


def test_csharp_without_a_logger_rethrows_and_drops_debug_output():
    source = dedent(
        """
        public static class Settings
        {
            public static string? Read(string path)
            {
                try
                {
                    return File.ReadAllText(path);
                }
                catch (Exception e)
                {
                    Debug.WriteLine(e.Message);
                    return null;
                }
            }
        }
        """
    )
    fix = _fix(source, "csharp", "Settings.cs")[1]
    assert fix is not None and fix.title == "Rethrow the exception"
    assert _fixed(source, "csharp", "Settings.cs") == source.replace(
        "            Debug.WriteLine(e.Message);\n            return null;\n", "            throw;\n"
    )


# --- Ruby ------------------------------------------------------------------------------------------


def test_ruby_rails_logger_names_the_error_and_keeps_the_work():
    source = dedent(
        """
        class OrdersController < ApplicationController
          def create
            order = Order.create!(order_params)
            PaymentGateway.charge(order)
          rescue StandardError
            order.update!(status: :failed)
            redirect_to order_path(order)
          end
        end
        """
    )
    assert _fixed(source, "ruby", "app/controllers/orders_controller.rb") == source.replace(
        "  rescue StandardError\n    order.update!(status: :failed)\n    redirect_to order_path(order)\n",
        "  rescue StandardError => e\n"
        "    order.update!(status: :failed)\n"
        '    Rails.logger.error("create failed: #{e.class}: #{e.message}")\n'
        "    raise\n",
    )


def test_ruby_without_a_logger_only_reraises_and_keeps_comments():
    source = dedent(
        """
        def price_for(sku)
          Catalog.price(sku)
        rescue => error
          # TODO: find out why this fails
          nil
        end
        """
    )
    assert _fixed(source, "ruby", "lib/prices.rb") == dedent(
        """
        def price_for(sku)
          Catalog.price(sku)
        rescue => error
          # TODO: find out why this fails
          raise
        end
        """
    )


@pytest.mark.parametrize(
    "source",
    [
        "avatar = Gravatar.url_for(user.email) rescue nil\n",  # a modifier: no handler to rewrite
    ],
)
def test_ruby_no_fix(source):
    assert _fixed(source, "ruby", "lib/f.rb") is None


# --- Kotlin ----------------------------------------------------------------------------------------


def test_kotlin_slf4j_logger_and_the_interrupt_flag():
    source = dedent(
        """
        class Poller {
            companion object {
                private val log = LoggerFactory.getLogger(Poller::class.java)
            }

            fun nap() {
                try {
                    Thread.sleep(10)
                } catch (e: InterruptedException) {}
            }
        }
        """
    )
    assert _fixed(source, "kotlin", "Poller.kt") == source.replace(
        "        } catch (e: InterruptedException) {}\n",
        "        } catch (e: InterruptedException) {\n"
        "            Thread.currentThread().interrupt()\n"
        '            log.error("nap failed", e)\n'
        "            throw e\n"
        "        }\n",
    )


def test_kotlin_logging_lambda_style_and_the_fallback_value_goes():
    source = dedent(
        """
        private val logger = KotlinLogging.logger {}

        fun load(path: String): String? =
            try {
                File(path).readText()
            } catch (e: IOException) {
                e.printStackTrace()
                null
            }
        """
    )
    assert _fixed(source, "kotlin", "Load.kt") == source.replace(
        "        e.printStackTrace()\n        null\n",
        '        logger.error(e) { "load failed" }\n        throw e\n',
    )


def test_kotlin_without_a_logger_rethrows():
    source = "fun f() {\n    try {\n        g()\n    } catch (t: Throwable) {\n    }\n}\n"
    assert _fixed(source, "kotlin", "F.kt") == (
        "fun f() {\n    try {\n        g()\n    } catch (t: Throwable) {\n        throw t\n    }\n}\n"
    )


def test_kotlin_run_catching_gets_no_fix():
    source = "fun f(service: Service, id: Long) {\n    runCatching { service.refund(id) }\n}\n"
    assert _fixed(source, "kotlin", "F.kt") is None


# --- Rust ------------------------------------------------------------------------------------------


def test_rust_match_arm_returns_the_error():
    source = dedent(
        """
        pub async fn reindex(pool: &PgPool, id: i64) -> Result<(), AppError> {
            match sqlx::query("UPDATE orders SET indexed = true WHERE id = $1").bind(id).execute(pool).await {
                Ok(_) => {}
                Err(_) => {}
            }
            Ok(())
        }
        """
    )
    assert _fixed(source, "rust", "reindex.rs") == source.replace("Err(_) => {}", "Err(e) => return Err(e.into()),")


def test_rust_if_let_keeps_its_comment_and_names_the_error():
    source = dedent(
        """
        pub async fn touch(pool: &PgPool, id: i64) -> anyhow::Result<()> {
            if let Err(_err) = sqlx::query("UPDATE sessions SET seen_at = now() WHERE id = $1").bind(id).execute(pool).await {
                // best effort
            }
            Ok(())
        }
        """
    )
    assert _fixed(source, "rust", "touch.rs") == dedent(
        """
        pub async fn touch(pool: &PgPool, id: i64) -> anyhow::Result<()> {
            if let Err(err) = sqlx::query("UPDATE sessions SET seen_at = now() WHERE id = $1").bind(id).execute(pool).await {
                // best effort
                return Err(err.into());
            }
            Ok(())
        }
        """
    )


@pytest.mark.parametrize(
    "source",
    [
        # the function returns no Result: there is nothing to return the error through
        "pub fn load(path: &str) -> Settings {\n    match std::fs::read_to_string(path) {\n"
        "        Ok(t) => parse(&t),\n        Err(_) => {}\n    }\n    Settings::default()\n}\n",
        # inside a closure `return` leaves the closure
        "pub fn all(paths: &[&str]) -> std::io::Result<()> {\n    paths.iter().for_each(|p| match std::fs::remove_file(p) {\n"
        "        Ok(()) => {}\n        Err(_) => {}\n    });\n    Ok(())\n}\n",
    ],
)
def test_rust_no_fix_without_a_result_to_return(source):
    assert _fixed(source, "rust", "f.rs") is None
