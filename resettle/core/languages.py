"""Community languages spoken in London services: ISO code -> English name, and script direction.

Codes are ISO 639-1 where one exists, else ISO 639-3 (e.g. 'prs' Dari, 'bfi' British Sign
Language). Used for the directory's language filter and, later, release packs.
"""

LANGUAGES = {
    "en": "English",
    "ar": "Arabic",
    "am": "Amharic",
    "bfi": "British Sign Language",
    "bn": "Bengali",
    "cmn": "Mandarin",
    "yue": "Cantonese",
    "prs": "Dari",
    "fa": "Farsi (Persian)",
    "fr": "French",
    "gu": "Gujarati",
    "hi": "Hindi",
    "it": "Italian",
    "ckb": "Kurdish (Sorani)",
    "lt": "Lithuanian",
    "ps": "Pashto",
    "pl": "Polish",
    "pt": "Portuguese",
    "pa": "Punjabi",
    "ro": "Romanian",
    "ru": "Russian",
    "so": "Somali",
    "es": "Spanish",
    "sq": "Albanian",
    "ta": "Tamil",
    "ti": "Tigrinya",
    "tr": "Turkish",
    "tw": "Twi",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "yo": "Yoruba",
}

RIGHT_TO_LEFT = {"ar", "ckb", "fa", "prs", "ps", "ur"}


def language_name(code: str) -> str:
    return LANGUAGES.get(code, code)


def is_right_to_left(code: str) -> bool:
    return code in RIGHT_TO_LEFT
