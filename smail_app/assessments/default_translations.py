"""The default statements in the languages beyond Swedish and English, keyed by the Swedish
wording in ``indicators.DEFAULT_STATEMENTS``.

Drafts: the app marks each language a draft awaiting review by a qualified translator
until an admin marks that language version reviewed (``smail_app.languages``).
"""

from __future__ import annotations

DEFAULT_STATEMENT_TRANSLATIONS: dict[str, dict[str, str]] = {
    "ar": {
        "Jag tror att jag kan få ett jobb.": "أعتقد أنني أستطيع الحصول على عمل.",
        "Jag tror att det finns arbetsgivare som vill ha mig.":
            "أعتقد أن هناك أصحاب عمل يريدون أن أعمل عندهم.",
        "Jag vet vilka jobb som finns där jag bor.": "أعرف ما هي الوظائف الموجودة حيث أسكن.",
        "Jag vet vad arbetsgivare vill att jag ska kunna.":
            "أعرف ما يريد أصحاب العمل أن أعرفه.",
        "Jag vet var jag kan få hjälp att hitta jobb eller studier.":
            "أعرف أين أجد مساعدة لإيجاد عمل أو دراسة.",
        "Jag vet vad jag vill jobba med eller studera.": "أعرف أي عمل أو دراسة أريد.",
        "Jag gör saker varje vecka för att nå mitt mål.":
            "أفعل أشياء كل أسبوع لأصل إلى هدفي.",
        "Jag kan samarbeta med andra människor.": "أستطيع أن أعمل مع أشخاص آخرين.",
        "Jag kan be om hjälp när jag behöver det.": "أستطيع أن أطلب المساعدة عندما أحتاجها.",
        "Jag klarar av det jag behöver göra hemma varje dag.":
            "أستطيع أن أقوم بما يجب أن أفعله في البيت كل يوم.",
        "Jag kan passa tider.": "أستطيع أن أصل في الموعد.",
        "Jag har koll på mina pengar och räkningar.": "أعرف وضع نقودي وفواتيري.",
        "Min hälsa gör att jag kan jobba eller studera.":
            "صحتي تسمح لي بأن أعمل أو أدرس.",
        "Jag vet vad jag kan göra för att må bättre.": "أعرف ما أستطيع فعله لأشعر بتحسن.",
        "Jag letar efter jobb eller utbildning.": "أبحث عن عمل أو تعليم.",
        "Jag vet hur jag söker ett jobb.": "أعرف كيف أتقدم لوظيفة.",
        "Jag kontaktar arbetsgivare eller skolor.": "أتواصل مع أصحاب عمل أو مدارس.",
    },
}

# The same statements in the third person, for the handledare's own rating, keyed alike.
DEFAULT_HANDLEDARE_TRANSLATIONS: dict[str, dict[str, str]] = {
    "ar": {
        "Jag tror att jag kan få ett jobb.": "يعتقد المشارك أنه يستطيع الحصول على عمل.",
        "Jag tror att det finns arbetsgivare som vill ha mig.":
            "يعتقد المشارك أن هناك أصحاب عمل يريدون أن يعمل عندهم.",
        "Jag vet vilka jobb som finns där jag bor.":
            "يعرف المشارك ما هي الوظائف الموجودة حيث يسكن.",
        "Jag vet vad arbetsgivare vill att jag ska kunna.":
            "يعرف المشارك ما يريد أصحاب العمل أن يعرفه.",
        "Jag vet var jag kan få hjälp att hitta jobb eller studier.":
            "يعرف المشارك أين يجد مساعدة لإيجاد عمل أو دراسة.",
        "Jag vet vad jag vill jobba med eller studera.": "يعرف المشارك أي عمل أو دراسة يريد.",
        "Jag gör saker varje vecka för att nå mitt mål.":
            "يفعل المشارك أشياء كل أسبوع ليصل إلى هدفه.",
        "Jag kan samarbeta med andra människor.": "يستطيع المشارك أن يعمل مع أشخاص آخرين.",
        "Jag kan be om hjälp när jag behöver det.":
            "يستطيع المشارك أن يطلب المساعدة عندما يحتاجها.",
        "Jag klarar av det jag behöver göra hemma varje dag.":
            "يستطيع المشارك أن يقوم بما يجب أن يفعله في البيت كل يوم.",
        "Jag kan passa tider.": "يستطيع المشارك أن يصل في الموعد.",
        "Jag har koll på mina pengar och räkningar.": "يعرف المشارك وضع نقوده وفواتيره.",
        "Min hälsa gör att jag kan jobba eller studera.":
            "صحة المشارك تسمح له بأن يعمل أو يدرس.",
        "Jag vet vad jag kan göra för att må bättre.":
            "يعرف المشارك ما يستطيع فعله ليشعر بتحسن.",
        "Jag letar efter jobb eller utbildning.": "يبحث المشارك عن عمل أو تعليم.",
        "Jag vet hur jag söker ett jobb.": "يعرف المشارك كيف يتقدم لوظيفة.",
        "Jag kontaktar arbetsgivare eller skolor.": "يتواصل المشارك مع أصحاب عمل أو مدارس.",
    },
}
