"""Survey text in the respondent's language. Staff enter translations; English is the fallback."""

from __future__ import annotations

from .models import Question, Survey

RTL_LANGUAGES = {"ar", "fa", "he", "ps", "ur", "yi", "ku", "sd"}
LANGUAGE_NAMES = {
    "en": "English",
    "ar": "العربية",
    "bn": "বাংলা",
    "gu": "ગુજરાતી",
    "pa": "ਪੰਜਾਬੀ",
    "pl": "Polski",
    "ro": "Română",
    "so": "Soomaali",
    "ur": "اردو",
    "zh": "中文",
    "cy": "Cymraeg",
    "pt": "Português",
    "lt": "Lietuvių",
    "ti": "ትግርኛ",
    "fa": "فارسی",
    "ps": "پښتو",
    "ta": "தமிழ்",
    "tr": "Türkçe",
}
UI_KEYS = {
    "start": "Start now",
    "continue": "Continue",
    "check": "Check your answers before sending",
    "send": "Send my answers",
    "change": "Change",
    "save_later": "Save and come back later",
    "optional": "(optional)",
    "sent": "Thank you. Your answers have been sent",
    "reference": "Your reference number",
    "other_format": "Ask for this survey in another format",
}


def direction(language: str) -> str:
    return "rtl" if language in RTL_LANGUAGES else "ltr"


def survey_text(survey: Survey, language: str, key: str, easy_read: bool = False) -> str:
    if easy_read and key == "introduction" and survey.easy_read_introduction:
        return survey.easy_read_introduction
    translated = (survey.translations or {}).get(language, {}).get(key)
    return translated or getattr(survey, key, "") or ""


def ui(survey: Survey, language: str) -> dict[str, str]:
    custom = (survey.translations or {}).get(language, {}).get("ui", {})
    return {key: custom.get(key, default) for key, default in UI_KEYS.items()}


def question_text(question: Question, language: str, easy_read: bool = False) -> dict:
    translated = (question.translations or {}).get(language, {})
    labels = translated.get("options", {})
    text = translated.get("text") or question.text
    if easy_read and question.easy_read_text and language == "en":
        text = question.easy_read_text
    return {
        "text": text,
        "hint": translated.get("hint") or question.hint,
        "options": [
            {"value": str(o["value"]), "label": labels.get(str(o["value"]), o["label"])}
            for o in question.options
        ],
    }
