"""The `log-and-reraise` fix: exact resulting text per language, and no fix where it is not certain."""

from __future__ import annotations

import textwrap

import pytest

from backlint.core import engine
from backlint.core.fixes import FixRequest, apply_edits, verify
from backlint.core.fixes.errors import log_and_reraise


def _fixed(source: str, language: str, path: str) -> str | None:
    analysis = engine.analyze(source, path=path, language=language)
    findings = [f for f in analysis.findings if f.rule_id == "BL201"]
    assert len(findings) == 1, [f.message for f in analysis.findings]
    fix = log_and_reraise(FixRequest(finding=findings[0], analysis=analysis))
    if fix is None:
        return None
    assert verify(analysis, findings[0], fix.edits) is None  # re-parses, finding gone, nothing new
    assert fix.safe is False  # changes behaviour: never applied by fixAll
    return apply_edits(analysis.source.data, fix.edits).decode("utf-8")


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    monkeypatch.setenv(engine.STRICT_ENV, "1")  # a fixer that raises fails the test


# --- Python ---------------------------------------------------------------------------------------


def test_python_uses_the_module_logger():
    source = dedent(
        """
        import logging

        logger = logging.getLogger(__name__)


        def charge(order):
            try:
                gateway.charge(order)
            except Exception:
                # TODO: the gateway is flaky
                pass
        """
    )
    assert _fixed(source, "python", "app.py") == dedent(
        """
        import logging

        logger = logging.getLogger(__name__)


        def charge(order):
            try:
                gateway.charge(order)
            except Exception:
                # TODO: the gateway is flaky
                logger.exception("charge failed")
                raise
        """
    )


def test_python_adds_import_logging_after_the_last_import():
    source = dedent(
        """
        \"\"\"Billing tasks.\"\"\"
        import os
        from celery import shared_task


        @shared_task
        def sync(invoice_id):
            try:
                push(invoice_id)
            except:
                return None
        """
    )
    assert _fixed(source, "python", "tasks.py") == dedent(
        """
        \"\"\"Billing tasks.\"\"\"
        import os
        from celery import shared_task
        import logging


        @shared_task
        def sync(invoice_id):
            try:
                push(invoice_id)
            except:
                logging.exception("sync failed")
                raise
        """
    )


def test_python_one_line_handler_keeps_crlf_and_existing_import():
    source = "import logging\r\n\r\ndef warm():\r\n    try:\r\n        load()\r\n    except Exception: pass\r\n"
    assert _fixed(source, "python", "warm.py") == (
        "import logging\r\n\r\ndef warm():\r\n    try:\r\n        load()\r\n    except Exception:"
        '\r\n        logging.exception("warm failed")\r\n        raise\r\n'
    )


def test_python_module_level_handler_uses_a_generic_message():
    source = dedent(
        """
        log = structlog.get_logger()
        try:
            import ujson as json
        except Exception:
            json = None
        """
    )
    assert _fixed(source, "python", "compat.py") == dedent(
        """
        log = structlog.get_logger()
        try:
            import ujson as json
        except Exception:
            log.exception("unexpected error")
            raise
        """
    )


# --- JavaScript / TypeScript ----------------------------------------------------------------------


def test_javascript_empty_catch_logs_and_rethrows():
    source = dedent(
        """
        async function send(receipt) {
            try {
                await mailer.send(receipt);
            } catch (err) {}
        }
        """
    )
    assert _fixed(source, "javascript", "mail.js") == dedent(
        """
        async function send(receipt) {
            try {
                await mailer.send(receipt);
            } catch (err) {
                console.error(err);
                throw err;
            }
        }
        """
    )


def test_typescript_catch_without_parameter_gets_one_and_keeps_comments():
    source = dedent(
        """
        export async function refund(id: string): Promise<void> {
          try {
            await stripe.refunds.create({ charge: id });
          } catch {
            // TODO: already refunded
          }
        }
        """
    )
    assert _fixed(source, "typescript", "refund.ts") == dedent(
        """
        export async function refund(id: string): Promise<void> {
          try {
            await stripe.refunds.create({ charge: id });
          } catch (err) {
            // TODO: already refunded
            console.error(err);
            throw err;
          }
        }
        """
    )


def test_promise_catch_handler_gets_no_fix():
    source = "cache.load().catch(() => {});\n"
    assert _fixed(source, "javascript", "cache.js") is None


# --- Java -----------------------------------------------------------------------------------------


def test_java_broad_catch_wraps_in_runtime_exception():
    source = dedent(
        """
        class Orders {
            void ship(long id) {
                try {
                    service.ship(id);
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }
        }
        """
    )
    assert _fixed(source, "java", "Orders.java") == dedent(
        """
        class Orders {
            void ship(long id) {
                try {
                    service.ship(id);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }
        }
        """
    )


def test_java_interrupted_restores_the_flag():
    source = (
        "class A {\n  void nap() {\n    try {\n      Thread.sleep(10);\n"
        "    } catch (InterruptedException e) {}\n  }\n}\n"
    )
    assert _fixed(source, "java", "A.java") == (
        "class A {\n  void nap() {\n    try {\n      Thread.sleep(10);\n    } catch (InterruptedException e) {\n"
        "      Thread.currentThread().interrupt();\n      throw new RuntimeException(e);\n    }\n  }\n}\n"
    )


def test_java_unchecked_exception_is_rethrown_as_is():
    source = (
        "class A {\n  void f() {\n    try {\n      g();\n    } catch (IllegalStateException ex) {\n"
        "      // TODO\n    }\n  }\n}\n"
    )
    assert _fixed(source, "java", "A.java") == (
        "class A {\n  void f() {\n    try {\n      g();\n    } catch (IllegalStateException ex) {\n      // TODO\n"
        "      throw ex;\n    }\n  }\n}\n"
    )


# --- Go -------------------------------------------------------------------------------------------


def test_go_returns_wrapped_error_and_adds_fmt_in_order():
    source = dedent(
        """
        package orders

        import (
        	"context"
        	"database/sql"

        	"github.com/google/uuid"
        )

        func (s *Store) Mark(ctx context.Context, id uuid.UUID) (int64, []string, error) {
        	_, err := s.db.ExecContext(ctx, "UPDATE orders SET seen = true WHERE id = $1", id)
        	if err != nil {
        		// best effort
        	}
        	return 0, nil, nil
        }
        """
    )
    assert _fixed(source, "go", "orders.go") == dedent(
        """
        package orders

        import (
        	"context"
        	"database/sql"
        	"fmt"

        	"github.com/google/uuid"
        )

        func (s *Store) Mark(ctx context.Context, id uuid.UUID) (int64, []string, error) {
        	_, err := s.db.ExecContext(ctx, "UPDATE orders SET seen = true WHERE id = $1", id)
        	if err != nil {
        		// best effort
        		return 0, nil, fmt.Errorf("Mark: %w", err)
        	}
        	return 0, nil, nil
        }
        """
    )


def test_go_single_import_becomes_a_group():
    source = (
        'package p\n\nimport "os"\n\n'
        "func rm(path string) error {\n\tif err := os.Remove(path); err != nil {}\n\treturn nil\n}\n"
    )
    assert _fixed(source, "go", "rm.go") == (
        'package p\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc rm(path string) error {\n'
        '\tif err := os.Remove(path); err != nil {\n\t\treturn fmt.Errorf("rm: %w", err)\n\t}\n\treturn nil\n}\n'
    )


def test_go_closure_uses_the_enclosing_function_name_and_existing_fmt():
    source = dedent(
        """
        package p

        import "fmt"

        func Run(jobs []Job) {
        	for _, job := range jobs {
        		go func(j Job) error {
        			err := j.Do()
        			if err != nil {
        			}
        			fmt.Println("done")
        			return nil
        		}(job)
        	}
        }
        """
    )
    assert _fixed(source, "go", "run.go") == dedent(
        """
        package p

        import "fmt"

        func Run(jobs []Job) {
        	for _, job := range jobs {
        		go func(j Job) error {
        			err := j.Do()
        			if err != nil {
        				return fmt.Errorf("Run: %w", err)
        			}
        			fmt.Println("done")
        			return nil
        		}(job)
        	}
        }
        """
    )


@pytest.mark.parametrize(
    "signature",
    [
        "func f() {",  # no error result to return
        "func f() (Order, error) {",  # a struct's zero value is not certain from its name
        "func f() int {",  # the last result is not an error
    ],
)
def test_go_no_fix_when_the_return_is_not_certain(signature):
    source = f"package p\n\n{signature}\n\terr := g()\n\tif err != nil {{\n\t}}\n\tpanic(1)\n}}\n"
    assert _fixed(source, "go", "f.go") is None
