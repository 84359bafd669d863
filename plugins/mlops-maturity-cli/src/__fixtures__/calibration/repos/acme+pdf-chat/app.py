import streamlit as st
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from langchain_community.vectorstores import FAISS
from langchain.chains import RetrievalQA

st.title("Ask your PDF")
api_key = st.sidebar.text_input("OpenAI API key", type="password")
question = st.text_input("Question")
if api_key and question:
    store = FAISS.from_texts(st.session_state.get("chunks", []), OpenAIEmbeddings(api_key=api_key))
    chain = RetrievalQA.from_chain_type(ChatOpenAI(api_key=api_key), retriever=store.as_retriever())
    st.write(chain.invoke(question)["result"])
