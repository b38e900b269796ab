"""Sample answers for the scoring tests: one good spoken answer per technical question of the
bundled bank, a vague answer, and the article's STAR story (q16) in written and spoken form."""

from __future__ import annotations

GOOD_TECHNICAL: dict[str, str] = {
    "q01": (
        "Deep learning is a subset of machine learning. Machine learning covers any algorithm "
        "that learns patterns from data, while deep learning uses neural networks with many "
        "layers. The big difference is that deep networks learn features automatically, so you "
        "skip most of the manual feature engineering. For example on images, audio or text, "
        "which is unstructured data, deep learning clearly wins. The trade-off is that it needs "
        "large datasets and a lot of GPU compute, and it is more of a black box. On small "
        "tabular data classic methods like random forests or an SVM often do better."
    ),
    "q02": (
        "A neural network is made of an input layer, one or more hidden layers and an output "
        "layer. Each layer contains neurons, and the connections carry weights, and each neuron "
        "has a bias. A neuron computes a weighted sum of its inputs plus the bias and then "
        "applies an activation function such as ReLU, which adds non-linearity. Data flows "
        "layer by layer in a forward pass to the output. The weights are learned in training: "
        "we compute a loss and use backpropagation with gradient descent. For example, to "
        "predict house prices the inputs are the size and location and the output is the price. "
        "The downside of more layers is that it needs more data."
    ),
    "q03": (
        "Backpropagation is the algorithm that computes how each weight contributed to the "
        "error. First a forward pass computes and stores the activations and the prediction, "
        "and we compare it with the target using a loss function. Then it goes backward from "
        "the output layer to the input, using the chain rule of calculus to compute the "
        "gradient of the loss with respect to each weight. An optimizer like gradient descent "
        "or Adam then uses those gradients to update the weights. Repeated over many steps, "
        "this is how we minimize the loss. For example in a two layer network the gradient of "
        "the first layer reuses the second layer's result. The cost is that the stored "
        "activations take memory."
    ),
    "q04": (
        "Activation functions are the non-linear functions applied after each layer. They "
        "introduce non-linearity so the network can learn complex patterns; without them, "
        "stacked layers would collapse into a simple linear model. The common ones are ReLU, "
        "max of zero and x, which is cheap and the default in hidden layers; sigmoid, which "
        "squashes values between zero and one and is used for probabilities; and tanh, the "
        "hyperbolic tangent, which is zero centred. Sigmoid and tanh saturate, which causes "
        "vanishing gradients, but ReLU does not for positive inputs. For the output layer you "
        "pick softmax for multi-class classification. For example in a CNN I used ReLU "
        "everywhere and softmax at the end."
    ),
    "q05": (
        "Overfitting is when the model fits noise in the training data and fails to "
        "generalize, so you see a gap between training and validation loss. To prevent it I "
        "use dropout, which randomly drops neurons during training, and L2 regularization, "
        "also called weight decay. Early stopping halts training when the validation loss "
        "stops improving. Data augmentation with flips, crops and rotations adds variety, and "
        "cross-validation helps detect it. You can also use a simpler model or collect more "
        "data. For example on a small image dataset augmentation and dropout cut the gap in "
        "half. The trade-off is that too much regularization causes underfitting."
    ),
    "q06": (
        "Vanishing gradients happen when gradients become too small as they flow back, so the "
        "early layers barely learn; exploding gradients are the opposite, they grow too large "
        "and training becomes unstable. The cause is that many factors are multiplied through "
        "the layers by the chain rule, especially with saturating sigmoid. To handle it I use "
        "ReLU instead of sigmoid, batch normalization, residual connections like in ResNets, "
        "and proper initialization such as Xavier or He initialization. For exploding "
        "gradients gradient clipping works well, and in recurrent networks LSTM or GRU gates "
        "help. For example in a deep RNN I clipped gradients at norm five. The downside of "
        "clipping is one more hyperparameter."
    ),
    "q07": (
        "Batch normalization is a layer that normalizes the inputs of each layer to zero mean "
        "and unit variance, using the statistics of the current mini-batch. Then it applies a "
        "learnable scale and shift, gamma and beta, so the network can undo it if needed. This "
        "speeds up training and allows higher learning rates, and it was motivated by "
        "internal covariate shift. It also has a mild regularization effect. At inference it "
        "uses the running mean and variance collected during training. For example adding it "
        "to a CNN let me double the learning rate. The downside is that it is weak with small "
        "batches, where layer norm is better."
    ),
    "q08": (
        "SGD, stochastic gradient descent, takes a gradient step on each mini-batch with one "
        "global learning rate. Momentum adds a moving average of the gradients, a velocity, "
        "which accelerates and dampens oscillations. RMSProp scales each parameter's step by a "
        "running average of its squared gradients, so it is an adaptive learning rate. Adam "
        "combines momentum and RMSProp: it keeps the first and second moments with bias "
        "correction. In practice Adam converges faster with less tuning, but SGD with momentum "
        "often generalizes better. For example I trained a ResNet with Adam first and then "
        "switched to SGD. Either way the learning rate schedule, like warmup and cosine decay, "
        "still matters."
    ),
    "q09": (
        "Attention is a mechanism that lets the model focus on the relevant parts of the input "
        "for each output. Each token produces a query, and it is compared with the keys of the "
        "other tokens using a scaled dot product; a softmax turns the scores into attention "
        "weights, and the output is a weighted sum of the values. In self-attention every "
        "token attends to every other token of the same sequence, which is the core of "
        "transformers like BERT and GPT. Multi-head attention runs several heads in parallel. "
        "It handles long-range dependencies better than an RNN. For example in translation the "
        "model attends to the source word it is translating. The trade-off is that the cost "
        "grows quadratically with sequence length."
    ),
    "q10": (
        "To deploy a model I first export it, for example to ONNX or TorchScript. Then I serve "
        "it behind an API with TorchServe or FastAPI, packaged in a Docker container with a "
        "CI/CD pipeline. To meet latency and throughput targets I optimize it with "
        "quantization or pruning and decide between GPU and CPU. After release I keep "
        "monitoring accuracy and data drift, with logging and alerts. Models are tracked in a "
        "model registry with versioning, and new ones go out through an A/B test so we can roll "
        "back. For example our recommender went from PyTorch to ONNX on CPU. The trade-off of "
        "quantization is a small accuracy loss."
    ),
    "q11": (
        "A CNN is designed for spatial data like images: it slides shared filters, or kernels, "
        "over the input to capture local patterns. An RNN is designed for sequential data like "
        "time series or text: it carries a hidden state, a memory, from one time step to the "
        "next. RNNs run step by step, which is hard to parallelize, and suffer from vanishing "
        "gradients, so LSTM or GRU cells help. You can also combine them, for example a "
        "ConvLSTM for video or a CNN plus RNN for image captioning. Today transformers often "
        "replace RNNs for text. The trade-off is that a CNN has no memory of order."
    ),
    "q12": (
        "A CNN processes an image through convolutional layers, which slide learned filters "
        "over the image to produce feature maps. After each convolution an activation like "
        "ReLU adds non-linearity, and pooling layers such as max pooling downsample the maps. "
        "At the end fully connected layers make the final prediction with a softmax. Because "
        "of weight sharing and local connectivity it has far fewer parameters than a fully "
        "connected network. The layers build a hierarchy: edges, then textures, then objects. "
        "Stride and padding control the output size. For example a ResNet on ImageNet works "
        "this way. The downside is that it needs a lot of labelled images."
    ),
    "q13": (
        "Pooling layers reduce the spatial dimensions of the feature maps, the height and "
        "width. Max pooling keeps the largest, most activated value in each window, and "
        "average pooling takes the mean, and global average pooling is often used before the "
        "head. Pooling uses a fixed window, for example two by two with a stride of two, and "
        "has no learnable parameters. It improves computational efficiency, keeps the most "
        "important features and adds slight translation invariance. The trade-off is that it "
        "loses information about exact positions, so some networks use strided convolutions "
        "instead."
    ),
    "q14": (
        "Transfer learning means starting from a pre-trained model, trained on a large dataset "
        "like ImageNet, instead of from scratch. In computer vision you take a backbone such as "
        "ResNet, VGG or EfficientNet, freeze it and replace the head, so it works as a feature "
        "extractor. Then you can fine-tune some or all layers with a small learning rate. It "
        "works because the early layers learn generic features like edges and textures. It is "
        "very effective with limited labeled data and it cuts training time. For example I "
        "fine-tuned a ResNet on two thousand X-ray images. The caveat is the domain gap: the "
        "further the domain is from ImageNet, the more layers you retrain."
    ),
    "q15": (
        "For image classification the common pre-trained models are ResNet, VGG, Inception and "
        "EfficientNet. For object detection there is YOLO, Faster R-CNN and SSD. For "
        "segmentation U-Net and DeepLab, and for face recognition FaceNet and ArcFace. You get "
        "them from torchvision, timm or Hugging Face. Choosing is a trade-off between accuracy "
        "and speed: MobileNet for edge devices, a bigger model for accuracy. For example I used "
        "a YOLO model for detecting defects on a production line and a U-Net for segmenting "
        "them."
    ),
    "q17": (
        "It depends first on the type of data: images, text, audio or tabular. Then on the "
        "dataset size and label quality, and on the task, whether it is classification, "
        "detection or segmentation. I also consider the resources, compute and latency for "
        "training and deployment. I always start with a simple baseline and add complexity "
        "only when it pays off, and I do a literature review of papers on similar problems. "
        "Then I experiment and compare candidates on a validation set with the right metric. "
        "When a pre-trained model fits, I prefer to fine-tune it. For example for a small "
        "tabular dataset a gradient boosted tree beat a deep network."
    ),
    "q20": (
        "I read papers on arXiv and Papers with Code, and I follow conferences like NeurIPS "
        "and CVPR. I follow researchers on LinkedIn and Twitter and listen to a couple of "
        "podcasts. I take online courses, for example on Coursera, and sometimes join Kaggle "
        "competitions. To really understand a method I implement it myself in a side project, "
        "and I contribute to open source and write blog posts. I set aside time every week as "
        "a routine, and I filter for what matters to my work, since there is far too much to "
        "read everything."
    ),
}

VAGUE_ANSWER = (
    "Um, so, I think it's basically something that people use a lot, you know. It kind of "
    "helps things work better, and it's quite important in practice. I guess that is the main "
    "idea, really."
)

CHURN_STORY = (
    "At my previous job, we had customer churn prediction as a priority. I was responsible for "
    "designing a deep learning model to classify likely churners. I built a multi-layer neural "
    "network using Keras, optimized it with Adam, and added dropout for regularization. "
    "Improved the prediction accuracy by 12%, and it was later integrated into the CRM system."
)
CHURN_SENTENCES = {
    "situation": "At my previous job, we had customer churn prediction as a priority.",
    "task": "I was responsible for designing a deep learning model to classify likely "
            "churners.",
    "action": "I built a multi-layer neural network using Keras, optimized it with Adam, and "
              "added dropout for regularization.",
    "result": "Improved the prediction accuracy by 12%, and it was later integrated into the "
              "CRM system.",
}
CHURN_NO_RESULT = " ".join(CHURN_SENTENCES[p] for p in ("situation", "task", "action"))
CHURN_SPOKEN = (
    "um so at my previous job we had customer churn prediction as a priority and so i was "
    "responsible for designing a deep learning model to classify likely churners so then i "
    "built a multi layer neural network using keras uh optimized it with adam and added "
    "dropout for regularization and uh as a result it improved the prediction accuracy by "
    "twelve percent and it was later integrated into the crm system"
)
