"""The baseline: the tutorial's design, as in python-telegram-bot's examples
(``inlinekeyboard2.py``, ``conversationbot.py``).

The classification segment of the scikit-learn map is hard-coded here, each step is a
``ConversationHandler`` state whose ``CallbackQueryHandler`` patterns lead to the next
steps, the conversation state lives in this process's memory, and python-telegram-bot's own
webhook server (``Application.run_webhook``, tornado) receives the updates.

Run by the benchmark as ``python -m bench.baseline`` with TELEGRAM_BOT_TOKEN,
TELEGRAM_API_BASE_URL, TELEGRAM_WEBHOOK_SECRET and PORT in the environment.
"""

import logging
import os

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

DOCS = "\n\nDocumentation: https://scikit-learn.org/stable/modules/"
FIRST_STEP = "samples"
START_OVER, DONE = "start_over", "done"
GREETING = (
    "Hi {}! I will help you choose the right scikit-learn estimator. Answer with the buttons."
)
GOODBYE = "Goodbye, and all the best — /start to begin again"
HINT = "Please answer with the buttons under my last message, or send /start to begin again."

#: step -> (message, recommendation?, [(button label, next step)])
STEPS = {
    "samples": (
        "Classification. How many samples do you have?",
        False,
        [("<100K samples", "linear_svc"), (">100K samples", "sgd")],
    ),
    "linear_svc": (
        "Try Linear SVC (sklearn.svm.LinearSVC)." + DOCS + "svm.html#classification",
        True,
        [("Not working", "text_data")],
    ),
    "text_data": ("Are you working with text data?", False, [("Yes", "bayes"), ("No", "knn")]),
    "bayes": (
        "Try Naive Bayes (sklearn.naive_bayes, e.g. MultinomialNB for word counts)."
        + DOCS
        + "naive_bayes.html",
        True,
        [],
    ),
    "knn": (
        "Try the KNeighbors Classifier (sklearn.neighbors.KNeighborsClassifier)."
        + DOCS
        + "neighbors.html",
        True,
        [("Not working", "svc")],
    ),
    "svc": (
        "Try SVC (sklearn.svm.SVC) or Ensemble Classifiers (sklearn.ensemble, e.g. "
        "RandomForestClassifier).\n\nEnsemble methods: "
        "https://scikit-learn.org/stable/modules/ensemble.html" + DOCS + "svm.html#classification",
        True,
        [],
    ),
    "sgd": (
        "Try the SGD Classifier (sklearn.linear_model.SGDClassifier)."
        + DOCS
        + "sgd.html#classification",
        True,
        [("Not working", "kernel")],
    ),
    "kernel": (
        "Try Kernel approximation (sklearn.kernel_approximation, e.g. Nystroem or RBFSampler) "
        "followed by a linear model." + DOCS + "kernel_approximation.html",
        True,
        [],
    ),
}


def keyboard(step: str) -> InlineKeyboardMarkup:
    _, recommendation, answers = STEPS[step]
    rows = [[InlineKeyboardButton(label, callback_data=target) for label, target in answers]]
    if recommendation:
        rows.append(
            [
                InlineKeyboardButton("Start over", callback_data=START_OVER),
                InlineKeyboardButton("Done", callback_data=DONE),
            ]
        )
    return InlineKeyboardMarkup([row for row in rows if row])


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    greeting = GREETING.format(update.message.from_user.first_name)
    text = f"{greeting}\n\n{STEPS[FIRST_STEP][0]}"
    await update.message.reply_text(text, reply_markup=keyboard(FIRST_STEP))
    return FIRST_STEP


def show(step: str):
    """The callback that shows ``step`` in place of the pressed message."""

    async def callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
        query = update.callback_query
        await query.answer()
        await query.edit_message_text(text=STEPS[step][0], reply_markup=keyboard(step))
        return step

    return callback


async def done(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    query = update.callback_query
    await query.answer()
    await query.edit_message_text(text=GOODBYE)
    return ConversationHandler.END


async def hint(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(HINT)


def build_application() -> Application:
    states = {
        step: [
            *(CallbackQueryHandler(show(target), pattern=f"^{target}$") for _, target in answers),
            CallbackQueryHandler(show(FIRST_STEP), pattern=f"^{START_OVER}$"),
            CallbackQueryHandler(done, pattern=f"^{DONE}$"),
        ]
        for step, (_, _, answers) in STEPS.items()
    }
    conversation = ConversationHandler(
        entry_points=[CommandHandler("start", start)],
        states=states,
        fallbacks=[CommandHandler("start", start), MessageHandler(filters.TEXT, hint)],
    )
    application = (
        Application.builder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_API_BASE_URL"])
        .build()
    )
    application.add_handler(conversation)
    application.add_handler(MessageHandler(filters.ALL, hint))
    return application


def main() -> None:
    logging.basicConfig(format="%(levelname)s %(name)s: %(message)s", level=logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    port = int(os.environ["PORT"])
    build_application().run_webhook(
        listen="127.0.0.1",
        port=port,
        url_path="telegram/webhook/",
        secret_token=os.environ["TELEGRAM_WEBHOOK_SECRET"],
        webhook_url=f"http://127.0.0.1:{port}/telegram/webhook/",
        allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY],
    )


if __name__ == "__main__":
    main()
